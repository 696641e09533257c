#!/usr/bin/env bash
# Re-vendor the web interface's JavaScript/CSS from the npm registry into src/sitroom/web/static/.
# Everything the browser loads is served locally (no CDN), so the situation room works offline.
# Usage: scripts/vendor_web_assets.sh   (needs npm; versions are pinned below and in docs/web.md)
set -euo pipefail

CYTOSCAPE=3.34.4
LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
WORLD_ATLAS=2.0.2
TOPOJSON_CLIENT=3.1.0
SWAGGER_UI=5.35.0
AXE_CORE=4.14.1  # test-only: the accessibility audit of tests/test_browser.py (never served)

root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/src/sitroom/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
for spec in "cytoscape@$CYTOSCAPE" "leaflet@$LEAFLET" "leaflet.markercluster@$MARKERCLUSTER" \
    "world-atlas@$WORLD_ATLAS" "topojson-client@$TOPOJSON_CLIENT" "swagger-ui-dist@$SWAGGER_UI" \
    "axe-core@$AXE_CORE"; do
    name="${spec%@*}"
    mkdir -p "$name"
    tarball="$(npm pack --silent "$spec")"
    tar -xzf "$tarball" -C "$name" --strip-components=1
done

rm -rf "$vendor"
mkdir -p "$vendor"/{cytoscape,leaflet/images,leaflet.markercluster,world-atlas,topojson-client,swagger-ui}
cp cytoscape/dist/cytoscape.min.js cytoscape/LICENSE "$vendor/cytoscape/"
cp leaflet/dist/leaflet.js leaflet/dist/leaflet.css leaflet/LICENSE "$vendor/leaflet/"
cp leaflet/dist/images/*.png "$vendor/leaflet/images/"
cp leaflet.markercluster/dist/leaflet.markercluster.js \
    leaflet.markercluster/dist/MarkerCluster.css \
    leaflet.markercluster/dist/MarkerCluster.Default.css \
    leaflet.markercluster/MIT-LICENCE.txt "$vendor/leaflet.markercluster/"
cp world-atlas/countries-110m.json world-atlas/LICENSE "$vendor/world-atlas/"
cp topojson-client/dist/topojson-client.min.js topojson-client/LICENSE "$vendor/topojson-client/"
# The OpenAPI page at /docs: FastAPI's default page loads Swagger UI from a CDN.
cp swagger-ui-dist/swagger-ui-bundle.js swagger-ui-dist/swagger-ui.css swagger-ui-dist/LICENSE \
    "$vendor/swagger-ui/"
[ -f swagger-ui-dist/NOTICE ] && cp swagger-ui-dist/NOTICE "$vendor/swagger-ui/"

# axe-core (MPL-2.0) runs inside the browser tests only; it stays out of the served tree.
axe="$root/tests/assets/axe-core"
rm -rf "$axe"
mkdir -p "$axe"
cp axe-core/axe.min.js axe-core/LICENSE axe-core/LICENSE-3RD-PARTY.txt "$axe/"
echo "axe-core $AXE_CORE (MPL-2.0), vendored from the npm registry by scripts/vendor_web_assets.sh" \
    > "$axe/VERSION.txt"

{
    echo "Vendored from the npm registry by scripts/vendor_web_assets.sh"
    echo "cytoscape $CYTOSCAPE (MIT)"
    echo "leaflet $LEAFLET (BSD-2-Clause)"
    echo "leaflet.markercluster $MARKERCLUSTER (MIT)"
    echo "world-atlas $WORLD_ATLAS (ISC; Natural Earth data, public domain)"
    echo "topojson-client $TOPOJSON_CLIENT (ISC)"
    echo "swagger-ui-dist $SWAGGER_UI (Apache-2.0)"
} > "$vendor/VERSIONS.txt"
echo "vendored into $vendor"
