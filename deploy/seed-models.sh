#!/bin/sh
# Seed an empty shared models volume with the default models baked into the image, safely when
# several replicas start at once: every file is copied under a temp name and renamed into place
# (atomic), and the production pointers go last, so a replica never reads a pointer to a version
# whose files are still arriving. Files already on the volume (promoted models) are never touched.
#   seed-models.sh FROM TO      e.g. seed-models.sh /app/models /models
set -eu
from=${1:?usage: seed-models.sh FROM TO}
to=${2:?usage: seed-models.sh FROM TO}
copy() { # copy one file atomically unless it exists
  [ -e "$to/$1" ] && return 0
  mkdir -p "$(dirname "$to/$1")"
  tmp="$to/$1.seed-$$"
  cp "$from/$1" "$tmp" && mv "$tmp" "$to/$1"
}
cd "$from"
for f in $(find . -type f ! -name production.json); do copy "$f"; done
for f in $(find . -type f -name production.json); do copy "$f"; done
echo "seed-models: $(find "$to" -name production.json | wc -l) production pointer(s) on $to"
