-- A ticket stands for the user who asked for it, avatar included (the user token's picture claim).
ALTER TABLE stream_ticket ADD COLUMN avatar text;
