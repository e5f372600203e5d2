-- The service directory: the spec's service documents this gateway publishes, whoever made them
-- (a member through the API, the configuration's services file, a connector, an HSDS import).
CREATE TABLE IF NOT EXISTS directory_services (
  id            text        PRIMARY KEY,
  organization  text        NOT NULL,
  source        text        NOT NULL,
  updated       timestamptz NOT NULL,
  document      jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS directory_services_organization ON directory_services (organization);
CREATE INDEX IF NOT EXISTS directory_services_source ON directory_services (source);
