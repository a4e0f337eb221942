# shellcheck shell=bash
# postgres_start: run a private, throwaway PostgreSQL server for the test suite and export DATABASE_URL.
#
# Why private: a CI host may already run a PostgreSQL on 5432 (another version, other roles and
# passwords, a different pg_hba.conf). Our own cluster in a temporary directory, on a free loopback
# port with trust authentication, cannot collide with it and needs no password. It uses Debian's
# `postgresql` binaries (installed as root when missing) and is stopped and deleted when the shell exits.
postgres_start() {
  apt_install postgresql || return 1
  local version bin
  version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -1)
  bin=/usr/lib/postgresql/$version/bin
  if [ -z "$version" ] || [ ! -x "$bin/initdb" ]; then
    echo "!! PostgreSQL server binaries not found under /usr/lib/postgresql" >&2
    return 1
  fi
  # initdb refuses to run as root: run the server as Debian's postgres user when we are root.
  local as=()
  if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); fi

  HABEAS_PG_DIR=$(mktemp -d /tmp/habeas-pg.XXXXXX)
  chmod 755 "$HABEAS_PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$HABEAS_PG_DIR"; fi
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

  echo "==> PostgreSQL $version: private cluster in $HABEAS_PG_DIR on 127.0.0.1:$port"
  if ! "${as[@]}" "$bin/initdb" -D "$HABEAS_PG_DIR/data" -U habeas -A trust -E UTF8 --no-sync >"$HABEAS_PG_DIR/initdb.log" 2>&1; then
    echo "!! initdb failed:" >&2
    tail -20 "$HABEAS_PG_DIR/initdb.log" >&2
    return 1
  fi
  # Durability settings off: this database is thrown away after the run.
  if ! "${as[@]}" "$bin/pg_ctl" -D "$HABEAS_PG_DIR/data" -l "$HABEAS_PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $HABEAS_PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
    start >/dev/null; then
    echo "!! PostgreSQL did not start:" >&2
    tail -20 "$HABEAS_PG_DIR/server.log" >&2
    return 1
  fi
  HABEAS_PG_STOP=("${as[@]}" "$bin/pg_ctl" -D "$HABEAS_PG_DIR/data" -m fast stop)
  trap postgres_stop EXIT
  "${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U habeas habeas
  export DATABASE_URL="postgresql://habeas@127.0.0.1:$port/habeas"
}

postgres_stop() {
  if [ -n "${HABEAS_PG_DIR:-}" ] && [ -d "$HABEAS_PG_DIR" ]; then
    "${HABEAS_PG_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$HABEAS_PG_DIR"
  fi
}
