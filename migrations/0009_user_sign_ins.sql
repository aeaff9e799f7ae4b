-- When each dashboard account last signed in, for the users page.
ALTER TABLE users ADD COLUMN last_login_at TEXT;
