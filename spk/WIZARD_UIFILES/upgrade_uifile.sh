#!/bin/sh
# Generates the upgrade wizard (Developer Guide, "WIZARD_UIFILES": upgrade_uifile.sh writes the wizard's JSON
# to SYNOPKG_TEMP_LOGFILE). An upgrade asks nothing: the shared folder the data-share resource needs
# ({{wizard_share}} in conf/resource) is answered by a hidden field from the kept settings, as SynoCommunity's
# packages do. Only when no shared folder can be found in them is it asked for.

var=${SYNOPKG_PKGVAR:-${PHOTO_ORGANIZER_ROOT:-}/var/packages/PhotoOrganizer/var}
home=${PHOTO_ORGANIZER_ROOT:-}/var/packages/PhotoOrganizer

# value SECTION KEY FILE: the (trimmed, unquoted) value of KEY in SECTION; SECTION "*" means any section.
value() {
    [ -r "$3" ] || return 0
    awk -v want_section="$1" -v want_key="$2" '
        /^[ \t]*[;#]/ { next }
        /^[ \t]*\[/ { section = $0; sub(/^[ \t]*\[[ \t]*/, "", section); sub(/[ \t]*\].*$/, "", section); next }
        want_section == "*" || section == want_section {
            eq = index($0, "=")
            if (eq == 0) next
            key = substr($0, 1, eq - 1)
            gsub(/^[ \t]+|[ \t]+$/, "", key)
            if (key != want_key) next
            v = substr($0, eq + 1)
            gsub(/^[ \t]+|[ \t\r]+$/, "", v)
            if (v ~ /^".*"$/ || v ~ /^\x27.*\x27$/) v = substr(v, 2, length(v) - 2)
            print v
            exit
        }' "$3"
}

# share_of PATH: the share of /volumeN/<share>/..., /var/services/<share>/... or <share>/...
share_of() {
    printf '%s\n' "$1" | awk '{
        p = $0
        if (p ~ /^\/volume[0-9]+\//) sub(/^\/volume[0-9]+\//, "", p)
        else if (p ~ /^\/var\/services\//) sub(/^\/var\/services\//, "", p)
        else if (p ~ /^\//) exit
        sub(/\/.*$/, "", p)
        print p
    }'
}

share=$(value package share "$var/config.ini")
# Else the library of 1.1.0's [paths], or of the original Python package: its wizard's UI_DSTDIR first, then
# the destination its postinst wrote.
for file in "$var/config.ini" "$home/config.ini"; do
    [ -z "$share" ] || break
    share=$(share_of "$(value '*' UI_DSTDIR "$file")")
    [ -n "$share" ] || share=$(share_of "$(value paths destination_root "$file")")
done
# Only a name the install wizard would accept goes into the JSON, where it then needs no escaping.
case $share in
    '' | .* | @* | '#'* | usbshare* | satashare*) share= ;;
esac
if printf '%s' "$share" | LC_ALL=C grep -q '[][/\\:*?"<>|=+;,[:cntrl:]]'; then
    share=
fi

if [ -n "$share" ]; then
    cat >"$SYNOPKG_TEMP_LOGFILE" <<JSON
[{
    "step_title": "Photo Organizer: upgrade",
    "items": [
        {"desc": "Nothing to set up: Photo Organizer keeps its settings and goes on filing into the shared folder $share."},
        {"type": "textfield", "subitems": [
            {"key": "wizard_share", "desc": "Shared folder", "defaultValue": "$share", "hidden": true}
        ]}
    ]
}]
JSON
else
    cat >"$SYNOPKG_TEMP_LOGFILE" <<'JSON'
[{
    "step_title": "Photo Organizer: upgrade",
    "items": [
        {"type": "textfield", "desc": "Photo Organizer could not find which shared folder it uses. Enter it; the package gets read/write access to it. Your other settings are kept.", "subitems": [
            {"key": "wizard_share", "desc": "Shared folder", "defaultValue": "photo", "validator": {"allowBlank": false, "regex": {
                "expr": "/^(?!usbshare|satashare)[^.@#\\/\\\\:*?\"<>|=+;,\\[\\]\\x00-\\x1f][^\\/\\\\:*?\"<>|=+;,\\[\\]\\x00-\\x1f]{0,31}$/",
                "errorText": "Enter the name of a shared folder on a volume, e.g. photo"}}}
        ]}
    ]
}]
JSON
fi
exit 0
