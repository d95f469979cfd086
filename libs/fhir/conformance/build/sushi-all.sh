#!/bin/bash
# Compiles MedCom's FSH sources (and the profiles they build on) with SUSHI, each at the release
# the MedCom standards name as their dependency, into the local FHIR package cache (~/.fhir/packages),
# where the next build finds it. Needs: fsh-sushi (npm), the repositories' git mirrors in $MIRRORS
# (owner+name/repo), and hl7.fhir.r4.core made by r4-core-from-medplum.mjs (no FHIR registry needed).
set -u
MIRRORS=${MIRRORS:-/work/.mirror}
SUSHI=${SUSHI:-sushi}
WORK=${WORK:-/tmp/brygga-sushi}
build() { # repo ref package-id versions-to-register...
  local repo=$1 ref=$2 id=$3
  shift 3
  local dir=$WORK/$id
  rm -rf "$dir" && mkdir -p "$dir"
  git -C "$MIRRORS/$repo/repo" archive "$ref" input/fsh sushi-config.yaml | tar -x -C "$dir"
  (cd "$dir" && $SUSHI build . -s >"$WORK/log-$id.txt" 2>&1)
  echo "$id ($repo $ref $(git -C "$MIRRORS/$repo/repo" rev-parse --short "$ref^{commit}")): $(grep -E 'Errors' "$WORK/log-$id.txt" | tr -s ' |' ' ')"
  for v in "$@"; do
    local out=$HOME/.fhir/packages/$id#$v/package
    rm -rf "$out" && mkdir -p "$out"
    cp "$dir"/fsh-generated/resources/*.json "$out"/
    echo "{\"name\":\"$id\",\"version\":\"$v\",\"fhirVersions\":[\"4.0.1\"],\"dependencies\":{\"hl7.fhir.r4.core\":\"4.0.1\"}}" >"$out/package.json"
  done
}
build medcomdk+dk-medcom-terminology ig-release/2.0.1 medcom.fhir.dk.terminology 1.1.1 1.4.0 2.0.1 2.0.2
build hl7dk+dk-core 3.4.0 hl7.fhir.dk.core 2.0.0 3.4.0 3.5.0
build medcomdk+dk-medcom-core ig-release/3.0.1 medcom.fhir.dk.core 2.0.0 2.0.1 3.0.1
build medcomdk+dk-medcom-messaging ig-release/4.0.1 medcom.fhir.dk.messaging 2.1.0 4.0.2
build medcomdk+dk-medcom-hospitalnotification HEAD medcom.fhir.dk.hospitalnotification 3.0.2
build medcomdk+dk-medcom-carecommunication HEAD medcom.fhir.dk.carecommunication 5.0.4
build medcomdk+dk-medcom-acknowledgement ig-release/2.0.3 medcom.fhir.dk.acknowledgement 2.0.3
