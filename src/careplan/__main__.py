from careplan.cli import run

run()
