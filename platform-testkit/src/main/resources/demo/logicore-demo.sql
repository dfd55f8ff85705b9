-- The demo target database `logicore`: the schemas of LogiCore's product teams with realistic data.
-- Run by deploy/local/platform only when the schemas do not exist yet (a second `up` keeps what is there), and by
-- platform-testkit into each test run's fresh target database. Plain SQL (no psql meta-commands) for both.
-- Team schemas do not reference each other: each is owned by its team's own login role (the guardrail the
-- migration worker relies on: team SQL runs as that role and can touch nothing else).

-- Team roles are cluster-wide: create them once; concurrent test runs may race, which is fine.
DO $$
DECLARE
    team text;
BEGIN
    FOREACH team IN ARRAY ARRAY['routing', 'fleet', 'deliveries', 'analytics'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'team_' || team) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION',
                               'team_' || team);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$$;

BEGIN;
SELECT setseed(0.42);

-- fleet: vehicles and the drivers who drive them (name, phone, email are PII).
CREATE SCHEMA fleet;
CREATE TABLE fleet.vehicles (
    id            bigint PRIMARY KEY,
    plate         text NOT NULL UNIQUE,
    kind          text NOT NULL CHECK (kind IN ('van', 'truck', 'e-van', 'cargo-bike')),
    capacity_kg   integer NOT NULL,
    depot         text NOT NULL,
    active        boolean NOT NULL DEFAULT true,
    commissioned_on date NOT NULL
);
INSERT INTO fleet.vehicles
SELECT g,
       (ARRAY['B','HH','M','K','F'])[1 + g % 5] || '-LC ' || (1000 + g),
       (ARRAY['van','truck','e-van','cargo-bike'])[1 + (g % 4)],
       (ARRAY[1200, 7500, 1000, 150])[1 + (g % 4)],
       (ARRAY['BER','HAM','MUC','CGN','FRA'])[1 + g % 5],
       g % 17 <> 0,
       date '2019-01-01' + (g * 7)
FROM generate_series(1, 200) g;

CREATE TABLE fleet.drivers (
    id             bigint PRIMARY KEY,
    name           text NOT NULL,
    phone          text NOT NULL,
    email          text NOT NULL,
    license_number text NOT NULL,
    vehicle_id     bigint REFERENCES fleet.vehicles(id),
    depot          text NOT NULL,
    hired_on       date NOT NULL
);
INSERT INTO fleet.drivers
SELECT g,
       (ARRAY['Anna','Ben','Clara','David','Elif','Felix','Greta','Hasan','Ines','Jonas','Katrin','Lukas','Mia','Noah','Olga','Paul'])[1 + g % 16]
         || ' ' ||
       (ARRAY['Schmidt','Müller','Weber','Yilmaz','Fischer','Wagner','Becker','Hoffmann','Kowalski','Schulz','Koch','Richter'])[1 + (g * 7) % 12],
       '+49 15' || lpad(((g * 7919) % 100000000)::text, 8, '0'),
       'driver' || g || '@logicore-fleet.example',
       'DE-' || lpad(((g * 104729) % 10000000)::text, 7, '0'),
       1 + (g % 200),
       (ARRAY['BER','HAM','MUC','CGN','FRA'])[1 + g % 5],
       date '2018-03-01' + (g * 11)
FROM generate_series(1, 300) g;

-- routing: planned routes and their stops.
CREATE SCHEMA routing;
CREATE TABLE routing.routes (
    id           bigint PRIMARY KEY,
    code         text NOT NULL UNIQUE,
    depot        text NOT NULL,
    planned_date date NOT NULL,
    vehicle_id   bigint NOT NULL,
    driver_id    bigint NOT NULL,
    status       text NOT NULL CHECK (status IN ('planned', 'in_progress', 'completed', 'cancelled')),
    distance_km  numeric(7,2) NOT NULL
);
INSERT INTO routing.routes
SELECT g,
       'R-' || to_char(current_date - (g % 180), 'YYYYMMDD') || '-' || lpad(g::text, 5, '0'),
       (ARRAY['BER','HAM','MUC','CGN','FRA'])[1 + g % 5],
       current_date - (g % 180),
       1 + (g % 200),
       1 + (g % 300),
       CASE WHEN g % 180 = 0 THEN 'planned' WHEN g % 97 = 0 THEN 'cancelled' ELSE 'completed' END,
       round((40 + random() * 160)::numeric, 2)
FROM generate_series(1, 5000) g;

CREATE TABLE routing.stops (
    id              bigint PRIMARY KEY,
    route_id        bigint NOT NULL REFERENCES routing.routes(id),
    seq             integer NOT NULL,
    address         text NOT NULL,
    lat             double precision NOT NULL,
    lon             double precision NOT NULL,
    planned_arrival timestamptz NOT NULL,
    actual_arrival  timestamptz,
    UNIQUE (route_id, seq)
);
INSERT INTO routing.stops
SELECT (r - 1) * 8 + s,
       r,
       s,
       (ARRAY['Hauptstraße','Bahnhofstraße','Gartenweg','Schulstraße','Lindenallee','Industriering'])[1 + (r + s) % 6]
         || ' ' || (1 + (r * s) % 140) || ', ' || (ARRAY['Berlin','Hamburg','München','Köln','Frankfurt'])[1 + r % 5],
       (ARRAY[52.52, 53.55, 48.14, 50.94, 50.11])[1 + r % 5] + (random() - 0.5) * 0.2,
       (ARRAY[13.40, 9.99, 11.58, 6.96, 8.68])[1 + r % 5] + (random() - 0.5) * 0.3,
       (current_date - (r % 180))::timestamptz + interval '7 hours' + s * interval '35 minutes',
       CASE WHEN r % 180 = 0 THEN NULL
            ELSE (current_date - (r % 180))::timestamptz + interval '7 hours' + s * interval '35 minutes'
                 + (random() * 40 - 10) * interval '1 minute' END
FROM generate_series(1, 5000) r, generate_series(1, 8) s;

-- deliveries: parcels and their recipients (customer name, phone, email are PII).
CREATE SCHEMA deliveries;
CREATE TABLE deliveries.deliveries (
    id               bigint PRIMARY KEY,
    tracking_number  text NOT NULL UNIQUE,
    route_id         bigint,
    stop_id          bigint,
    customer_name    text NOT NULL,
    customer_phone   text,
    customer_email   text,
    delivery_address text NOT NULL,
    postal_code      text NOT NULL,
    status           text NOT NULL CHECK (status IN ('created', 'in_transit', 'delivered', 'failed', 'returned')),
    weight_kg        numeric(6,2) NOT NULL,
    created_at       timestamptz NOT NULL,
    delivered_at     timestamptz
);
INSERT INTO deliveries.deliveries
SELECT g,
       'LC' || lpad(g::text, 10, '0') || 'DE',
       1 + (g % 5000),
       1 + (g % 40000),
       (ARRAY['Sophie','Leon','Marie','Finn','Emma','Elias','Hannah','Ali','Lea','Tim','Zeynep','Max'])[1 + g % 12]
         || ' ' ||
       (ARRAY['Neumann','Schwarz','Zimmermann','Braun','Krüger','Hofmann','Hartmann','Lange','Schmitt','Werner'])[1 + (g * 3) % 10],
       CASE WHEN g % 5 = 0 THEN NULL ELSE '+49 1' || lpad(((g::bigint * 48271) % 1000000000)::text, 9, '0') END,
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'customer' || g || '@mail.example' END,
       (ARRAY['Am Markt','Ringstraße','Feldweg','Kirchplatz','Uferstraße'])[1 + g % 5] || ' ' || (1 + g % 200),
       lpad(((10000 + (g * 37) % 89999))::text, 5, '0'),
       CASE WHEN g % 50 = 0 THEN 'failed' WHEN g % 97 = 0 THEN 'returned'
            WHEN g > 148000 THEN 'in_transit' ELSE 'delivered' END,
       round((0.2 + random() * 30)::numeric, 2),
       now() - ((150000 - g) * interval '103 seconds'),
       CASE WHEN g % 50 = 0 OR g % 97 = 0 OR g > 148000 THEN NULL
            ELSE now() - ((150000 - g) * interval '103 seconds') + interval '26 hours' END
FROM generate_series(1, 150000) g;

-- Each team owns its schema and tables.
ALTER SCHEMA fleet OWNER TO team_fleet;
ALTER TABLE fleet.vehicles OWNER TO team_fleet;
ALTER TABLE fleet.drivers OWNER TO team_fleet;
ALTER SCHEMA routing OWNER TO team_routing;
ALTER TABLE routing.routes OWNER TO team_routing;
ALTER TABLE routing.stops OWNER TO team_routing;
ALTER SCHEMA deliveries OWNER TO team_deliveries;
ALTER TABLE deliveries.deliveries OWNER TO team_deliveries;
COMMIT;

-- Fresh statistics: policy decisions read row counts from the catalog.
ANALYZE fleet.vehicles;
ANALYZE fleet.drivers;
ANALYZE routing.routes;
ANALYZE routing.stops;
ANALYZE deliveries.deliveries;
