"""Every byte on disk and every lock. Only core/ and the file libraries below it."""
