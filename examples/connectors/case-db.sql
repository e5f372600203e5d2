-- A small case database as an agency might run it, for the PostgreSQL and MySQL examples:
-- local codes in the local language, dates of birth as text. Runs on both servers as it is.
CREATE TABLE persons (
  id INTEGER PRIMARY KEY,
  pseudonym VARCHAR(128) NOT NULL,       -- her reference in the referral system, never her name
  first_name VARCHAR(100),               -- held, never mapped: the mapping leaves it out
  sex_code CHAR(1),                      -- Z (zenski), M (muski)
  datum_rodjenja VARCHAR(10),            -- DD.MM.YYYY
  drzavljanstvo VARCHAR(20)              -- ISO 3166-1 alpha-3, comma-separated
);
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  case_number VARCHAR(40) NOT NULL,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  opened_on DATE
);
INSERT INTO persons (id, pseudonym, first_name, sex_code, datum_rodjenja, drzavljanstvo) VALUES (1, 'ex-ana-0001', 'Ana', 'Z', '14.03.1998', 'MDA');
INSERT INTO persons (id, pseudonym, first_name, sex_code, datum_rodjenja, drzavljanstvo) VALUES (2, 'ex-mila-0002', 'Mila', 'Z', '01.06.2008', 'SRB');
INSERT INTO cases (id, case_number, person_id, opened_on) VALUES (10, 'CASE-2024-0001', 1, '2024-01-15');
INSERT INTO cases (id, case_number, person_id, opened_on) VALUES (11, 'CASE-2024-0002', 2, '2024-03-02');
