# shellcheck shell=bash
# Start Debian's PostgreSQL on loopback and point DATABASE_URL at a throwaway test database.
postgres_start() {
  apt_install postgresql
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main >/dev/null
  fi
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -q && break
    sleep 1
  done
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='habeas'\"" | grep -q 1 ||
    su postgres -c "psql -qc \"CREATE ROLE habeas LOGIN CREATEDB PASSWORD 'habeas-ci'\""
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='habeas'\"" | grep -q 1 ||
    su postgres -c "createdb -O habeas habeas"
  export DATABASE_URL="postgresql://habeas:habeas-ci@127.0.0.1:5432/habeas"
}
