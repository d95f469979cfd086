-- Every SQL statement of @brygga/patients, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/patients.service.ts · PatientsService.findOrCreate.rows
INSERT INTO patient (identity_type, identity_number, reserve_issuer, given_name, family_name, protected_identity)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT ON CONSTRAINT patient_identity
DO UPDATE SET protected_identity = patient.protected_identity OR EXCLUDED.protected_identity
RETURNING id;

-- src/patients.service.ts · PatientsService.correctIdentity
SELECT brygga_correct_patient_identity($1, $2, $3, $4, $5, $6) AS id;
