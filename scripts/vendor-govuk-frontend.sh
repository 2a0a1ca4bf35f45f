#!/usr/bin/env bash
# Rebuilds the GOV.UK Frontend assets committed under static/govuk/.
# Run only when upgrading GOV.UK Frontend: it needs Node.js and npm; running or testing the app does not.
# The stylesheet is compiled from Sass so that it uses Arial, not the GDS Transport typeface,
# which is licensed only for services on the GOV.UK domain (this service is run by councils and partners).
set -euo pipefail
version="${1:-6.6.0}"
sass_version="1.93.2"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "govuk-frontend@${version}" >/dev/null
tar xzf "govuk-frontend-${version}.tgz"
npm install --silent --no-save --prefix "$work/sass" "sass@${sass_version}" >/dev/null
cat > app.scss <<SCSS
\$govuk-font-family: arial, sans-serif;
\$govuk-include-default-font-face: false;
\$govuk-assets-path: "/static/govuk/assets/";
@import "govuk/index";
@import "prevent";
SCSS
cp "$here/scripts/prevent.scss" _prevent.scss
"$work/sass/node_modules/.bin/sass" --quiet --no-source-map --style=compressed \
  --load-path=package/dist --load-path=. app.scss govuk-frontend.min.css
dest="$here/static/govuk"
rm -rf "$dest"
mkdir -p "$dest/assets"
cp govuk-frontend.min.css "$dest/"
cp package/dist/govuk/govuk-frontend.min.js "$dest/"
cp -r package/dist/govuk/assets/images "$dest/assets/"
cp package/dist/govuk/assets/manifest.json "$dest/assets/"
cp package/LICENSE* "$dest/" 2>/dev/null || true
echo "$version" > "$dest/VERSION"
echo "GOV.UK Frontend $version written to $dest"
