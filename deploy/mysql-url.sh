# Sourced by the backup scripts: splits MYSQL (mysql://user:password@host:port/database) into its parts.
# The password may not contain '@' or ':' here (URL-escaping is not undone); use MYSQL_PASSWORD to override it.
if [[ "$MYSQL" =~ ^mysql://([^:@/]+):([^@]*)@([^:/]+)(:([0-9]+))?/([^?]+) ]]; then
  mysql_user=${BASH_REMATCH[1]}
  mysql_password=${MYSQL_PASSWORD:-${BASH_REMATCH[2]}}
  mysql_host=${BASH_REMATCH[3]}
  mysql_port=${BASH_REMATCH[5]:-3306}
  mysql_database=${BASH_REMATCH[6]}
else
  echo "MYSQL must look like mysql://user:password@host:port/database for the backup scripts" >&2
  exit 1
fi
