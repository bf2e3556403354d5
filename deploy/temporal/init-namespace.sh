#!/bin/sh
# One-shot, idempotent: wait for the Temporal frontend, then create the namespace and the
# workflow's custom search attributes where missing. (The worker also registers the search
# attributes on start; doing it here first means several workers never race to add them.)
set -eu

ADDRESS=${TEMPORAL_ADDRESS:-temporal:7233}
NAMESPACE=${TEMPORAL_NAMESPACE:-default}
RETENTION=${TEMPORAL_NAMESPACE_RETENTION:-168h}

# The port opens before the server has joined its own cluster, and a new namespace takes a few
# seconds to reach the frontend's namespace cache: retry each step for up to a minute.
retry() {
    attempt=1
    until "$@"; do
        if [ "$attempt" -ge 30 ]; then
            echo "giving up after $attempt attempts: $*" >&2
            return 1
        fi
        attempt=$((attempt + 1))
        sleep 2
    done
}

ensure_namespace() {
    temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1 ||
        temporal operator namespace create --address "$ADDRESS" --namespace "$NAMESPACE" \
            --retention "$RETENTION"
}

ensure_keyword_attribute() {
    temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE" |
        grep -qw "$1" ||
        temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" \
            --name "$1" --type Keyword
}

retry temporal operator cluster health --address "$ADDRESS"
retry ensure_namespace
retry ensure_keyword_attribute CaseId
retry ensure_keyword_attribute IngestionStage
echo "namespace $NAMESPACE ready"
