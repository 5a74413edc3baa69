-- A stream opened with a ticket ends when the token the ticket was asked with expires.
ALTER TABLE stream_ticket ADD COLUMN token_expires_at timestamptz;
