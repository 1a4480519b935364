#!/bin/sh
# Downloads the public specs whose licence does not let this repository redistribute
# them (see PROVENANCE.md) into downloaded/, each pinned by commit and sha256.
# tests/breadth/test_public_specs.py skips, saying so, every spec that is not there.
#
#     sh tests/breadth/public/fetch.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/downloaded"

fetch() {  # NAME URL SHA256
    target="$here/downloaded/$1"
    if [ -f "$target" ] && echo "$3  $target" | sha256sum -c --status; then
        return 0
    fi
    curl --fail --silent --show-error --location --proto '=https' -o "$target.part" "$2"
    if ! echo "$3  $target.part" | sha256sum -c --status; then
        rm -f "$target.part"
        echo "fetch.sh: $1: sha256 differs from the pinned one; not kept" >&2
        exit 1
    fi
    mv "$target.part" "$target"
    echo "downloaded/$1"
}

fetch pagerduty-openapiv3.json \
    https://raw.githubusercontent.com/PagerDuty/api-schema/91a06fb3c64b0ab2b2bd6c485d12b327dfb55c18/reference/REST/openapiv3.json \
    b2e80f8b83b170f29702e96a69adf230702b4ec43dddab7e348a2985c707ef35
fetch hubspot-crm-lists-v3.json \
    https://raw.githubusercontent.com/HubSpot/HubSpot-public-api-spec-collection/99893791383254f52aa07662baeb98aad65cc710/PublicApiSpecs/CRM/Lists/Rollouts/144891/v3/lists.json \
    2ba1203b03a0b2f94b02c204e92ba8e6cbf4cc14854f30531b107f30b53ce9bf
