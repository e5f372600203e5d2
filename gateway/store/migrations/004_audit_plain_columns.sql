-- The columns the officer's queries filter on were generated from the body, which parsed it as
-- jsonb once per column on every append: most of an append's cost on the embedded database. They
-- become plain columns, written by the appender from the entry it hashes; `nrx audit verify`
-- checks every row's columns against its hashed body, so a column changed on its own is caught.
-- DROP EXPRESSION keeps the values already stored.
ALTER TABLE audit_log
  ALTER COLUMN body_seq DROP EXPRESSION IF EXISTS,
  ALTER COLUMN type DROP EXPRESSION IF EXISTS,
  ALTER COLUMN requester DROP EXPRESSION IF EXISTS,
  ALTER COLUMN subject DROP EXPRESSION IF EXISTS,
  ALTER COLUMN purpose DROP EXPRESSION IF EXISTS,
  ALTER COLUMN at DROP EXPRESSION IF EXISTS;
