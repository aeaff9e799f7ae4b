-- Each dashboard account's time zone (a name of the time-zone database); NULL: the server's
-- ([server] time_zone).
ALTER TABLE users ADD COLUMN time_zone TEXT;
