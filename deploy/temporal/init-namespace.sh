#!/bin/sh
# One-shot, run by the `temporal-init` service (temporalio/admin-tools, which ships the `temporal`
# CLI) once the server accepts connections. temporalio/server creates no namespace and no custom
# search attributes by itself (auto-setup used to), and Liaison's workflows carry these search
# attributes: they must be registered before the worker starts any workflow.
#
# Idempotent: an existing namespace or search attribute is left as it is.
# POSIX sh on purpose: admin-tools images from 1.30 on are plain Alpine without bash.
set -eu

: "${TEMPORAL_ADDRESS:?}" "${NAMESPACE:?}" "${SEARCH_ATTRIBUTES:?}"
: "${NAMESPACE_RETENTION:=168h}"

# Passed as a flag so the calls do not rely on which environment variables a CLI version reads.
t() {
  temporal "$@" --address "$TEMPORAL_ADDRESS"
}

# retry DESCRIPTION COMMAND...: up to 2 minutes, then one last run whose error reaches the log.
retry() {
  what=$1
  shift
  attempts=60
  until "$@" >/dev/null 2>&1; do
    attempts=$((attempts - 1))
    if [ "$attempts" -le 0 ]; then
      echo "Gave up waiting for $what" >&2
      "$@"
      return 1
    fi
    echo "Waiting for $what..."
    sleep 2
  done
}

retry "Temporal at $TEMPORAL_ADDRESS" t operator cluster health

if t operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "Namespace $NAMESPACE already exists"
else
  t operator namespace create --namespace "$NAMESPACE" --retention "$NAMESPACE_RETENTION"
  echo "Created namespace $NAMESPACE"
fi

# A new namespace reaches the server's namespace cache some seconds after it is created.
retry "namespace $NAMESPACE" t operator search-attribute list --namespace "$NAMESPACE"

existing=$(t operator search-attribute list --namespace "$NAMESPACE")
for pair in $SEARCH_ATTRIBUTES; do
  name=${pair%%=*}
  type=${pair#*=}
  if printf '%s\n' "$existing" | grep -qw -- "$name"; then
    echo "Search attribute $name already exists"
  elif out=$(t operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type" 2>&1); then
    echo "Created search attribute $name ($type)"
  elif printf '%s\n' "$out" | grep -qi 'already exists'; then
    echo "Search attribute $name already exists"
  else
    printf '%s\n' "$out" >&2
    exit 1
  fi
done
echo "Namespace $NAMESPACE is ready"
