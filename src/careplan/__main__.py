from careplan.cli import main

main()
