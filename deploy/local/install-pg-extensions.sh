#!/usr/bin/env bash
# Installs the PostgreSQL extensions monitoring-service uses: HypoPG (hypothetical indexes, from Debian) and reports
# whether pg_stat_statements is preloaded. Idempotent and quick when already installed.
#
# pg_stat_statements needs shared_preload_libraries and a server restart. Restarting a PostgreSQL that other
# processes use breaks their sessions, so this script only does it when asked:
#   ENABLE_PG_STAT_STATEMENTS=restart deploy/local/install-pg-extensions.sh
set -euo pipefail
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
major=$(psql -d postgres -Atc "show server_version_num" | cut -c1-2)
if [ ! -f "/usr/share/postgresql/${major}/extension/hypopg.control" ]; then
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y -q "postgresql-${major}-hypopg" >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q "postgresql-${major}-hypopg" >/dev/null
  fi
fi
echo "install-pg-extensions: hypopg available for PostgreSQL ${major}"
# Create the extensions in the target database when it exists (deploy/local/platform creates it on first `up`).
# TARGET_DB= (empty) installs the packages only, as the tests do.
TARGET_DB=${TARGET_DB-logicore}
if [ -n "${TARGET_DB}" ] && psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '${TARGET_DB}'" | grep -q 1; then
  psql -q -d "${TARGET_DB}" -c "CREATE EXTENSION IF NOT EXISTS hypopg"
  echo "install-pg-extensions: hypopg created in ${TARGET_DB}"
  # The role monitoring-service reads the target as (DBP_MONITORING_TARGET_USERNAME=dbp_monitor): it can read data
  # and statistics, nothing else; its sessions are read-only besides.
  psql -q -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dbp_monitor') THEN
      CREATE ROLE dbp_monitor LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END \$\$"
  psql -q -d postgres -c "GRANT pg_read_all_data, pg_monitor TO dbp_monitor"
  echo "install-pg-extensions: role dbp_monitor (pg_read_all_data, pg_monitor) ready"
fi
preload=$(psql -d postgres -Atc "show shared_preload_libraries")
case ",${preload// /}," in
  *,pg_stat_statements,*) echo "install-pg-extensions: pg_stat_statements is preloaded" ;;
  *)
    if [ "${ENABLE_PG_STAT_STATEMENTS:-}" = "restart" ]; then
      new=${preload:+${preload},}pg_stat_statements
      psql -d postgres -c "ALTER SYSTEM SET shared_preload_libraries = '${new}'"
      cluster=$(ls /etc/postgresql/"${major}" | head -1)
      pg_ctlcluster --skip-systemctl-redirect "${major}" "${cluster}" restart
      echo "install-pg-extensions: pg_stat_statements preloaded (PostgreSQL restarted)"
      preload=pg_stat_statements
    else
      echo "install-pg-extensions: pg_stat_statements is NOT preloaded; monitoring reports a finding saying so." \
        "To enable it (restarts PostgreSQL): ENABLE_PG_STAT_STATEMENTS=restart $0"
    fi
    ;;
esac
case ",${preload// /}," in
  *,pg_stat_statements,*)
    if [ -n "${TARGET_DB}" ] && psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '${TARGET_DB}'" | grep -q 1; then
      psql -q -d "${TARGET_DB}" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
      echo "install-pg-extensions: pg_stat_statements created in ${TARGET_DB}"
    fi
    ;;
esac
