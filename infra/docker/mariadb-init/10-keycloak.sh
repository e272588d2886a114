#!/bin/bash
# Runs once, on an empty data volume (the image's docker-entrypoint-initdb.d): Keycloak's own database and user, so
# its accounts live in MariaDB next to the shop's and survive container restarts. For an existing volume, run the
# same statements once by hand.
set -euo pipefail
mariadb -uroot -p"$MARIADB_ROOT_PASSWORD" <<SQL
CREATE DATABASE IF NOT EXISTS keycloak CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'keycloak'@'%' IDENTIFIED BY '${KEYCLOAK_DB_PASSWORD}';
GRANT ALL PRIVILEGES ON keycloak.* TO 'keycloak'@'%';
SQL
