-- The owners of each app registration, read from Graph when an email channel writes to them.
ALTER TABLE app_snapshot ADD COLUMN owners TEXT NOT NULL DEFAULT '[]';
