-- `link import` and the re-link flow find a mailbox by its address: without an index each
-- lookup read every mailbox (an import of 10,000 links read the table 10,000 times).
CREATE INDEX mailboxes_by_address ON mailboxes (address);
