-- One login role and one schema per service on the shared database "bowwow" (run as the database admin).
-- Idempotent: run it again after adding a service. A single statement, so that the RDS Data API can run it.
-- Passwords are set separately (infra/scripts/bootstrap-db.sh sets each role's password from its Secrets Manager
-- secret; the local compose stack uses trust auth).
DO $$
DECLARE
	service text;
BEGIN
	FOREACH service IN ARRAY ARRAY['user_service', 'location_service', 'signal_service', 'push_service',
			'analytics_service'] LOOP
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = service) THEN
			EXECUTE format('CREATE ROLE %I LOGIN', service);
		END IF;
		-- PostgreSQL 15 lets only members of a role create a schema owned by it (rds_superuser is no superuser)
		EXECUTE format('GRANT %I TO CURRENT_USER', service);
		EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', service, service);
		EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', service);
		EXECUTE format('ALTER ROLE %I SET search_path = %I', service, service);
	END LOOP;
	REVOKE CREATE ON SCHEMA public FROM PUBLIC;
END
$$;
