"""Full-text search over correspondence and matters: a Whoosh index kept beside the database."""
