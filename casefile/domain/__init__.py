"""Pure domain code: standard library only, no Flask, no database, no clock."""
