"""Stored files (uploaded or generated): their records in the database, their bytes on disk."""
