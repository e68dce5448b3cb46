#!/bin/sh
# Photo Organizer's review page behind DSM's web server (/webman/3rdparty/PhotoOrganizer/review.cgi/...).
#
# 1. DSM's authenticate.cgi (Developer Guide, "Application Authentication") names the logged-in user from
#    the session cookie and the SynoToken the page sends (X-SYNO-TOKEN header or SynoToken= in the query);
#    no name: 401.
# 2. The user must be in the DSM group "administrators": otherwise 403.
# 3. The request (GET or POST, a checked path, the query without the SynoToken, a JSON body of at most
#    64 KB) is forwarded with curl to the service on 127.0.0.1, with the per-start key the service wrote
#    to review.key in the package's var dir (mode 0600). The key goes to curl from that file, never on a
#    command line; the DSM cookie is never forwarded. The service answers with a complete CGI response.
#
# POSIX sh (DSM's /bin/sh; tested with dash and busybox sh). PHOTO_ORGANIZER_ROOT prefixes the system
# paths for the tests (DSM's web server sets only HTTP_* variables from a request, never this one).

root=${PHOTO_ORGANIZER_ROOT:-}
authenticate=$root/usr/syno/synoman/webman/modules/authenticate.cgi
var_dir=$root/var/packages/PhotoOrganizer/var
group=administrators
max_body=65536

respond() {
    printf 'Status: %s\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n%s\n' \
        "$1" "$2"
    exit 0
}

# Runs a command with a time limit where the system has timeout(1).
limited() {
    if command -v timeout >/dev/null 2>&1; then
        timeout "$@"
    else
        shift
        "$@"
    fi
}

[ -x "$authenticate" ] || respond "500 Internal Server Error" "DSM's authenticate.cgi is missing: this page only works inside DSM."
user=$(limited 10 "$authenticate" </dev/null 2>/dev/null) || user=
[ -n "$user" ] || respond "401 Unauthorized" "Log in to DSM first, then open Photo Organizer from the main menu."
case $user in
    *[[:cntrl:]]*) respond "403 Forbidden" "DSM returned an unusable user name." ;;
esac
groups=$(limited 10 id -Gn -- "$user" </dev/null 2>/dev/null) || groups=
case " $groups " in
    *" $group "*) ;;
    *) respond "403 Forbidden" "Only members of the DSM group $group may use Photo Organizer's review page." ;;
esac

method=${REQUEST_METHOD:-GET}
case $method in
    GET | POST) ;;
    *) respond "405 Method Not Allowed" "Only GET and POST." ;;
esac
path=${PATH_INFO:-/}
case $path in
    /*) ;;
    *) path=/$path ;;
esac
case $path in
    *..* | *[!A-Za-z0-9/._-]*) respond "400 Bad Request" "Not a page of the review page." ;;
esac
# The SynoToken stays here: the service never needs DSM's tokens.
query=$(printf '%s' "${QUERY_STRING:-}" | awk 'BEGIN { RS = "&" } $0 != "" && $0 !~ /^SynoToken=/ {
    printf "%s%s", (n++ ? "&" : ""), $0 }')
case $query in
    *[!A-Za-z0-9%=\&._+~-]*) respond "400 Bad Request" "Unexpected characters in the query." ;;
esac

port=$(cat "$var_dir/review.port" 2>/dev/null)
case $port in
    '' | *[!0-9]*) respond "503 Service Unavailable" "Photo Organizer is not running: start it in Package Center." ;;
esac
key_file=$var_dir/review.key
[ -r "$key_file" ] || respond "503 Service Unavailable" "Photo Organizer is not running: start it in Package Center."
url="http://127.0.0.1:$port$path"
[ -z "$query" ] || url="$url?$query"

csrf=${HTTP_X_CSRF_TOKEN:-}
case $csrf in
    *[!0-9a-f]*) csrf= ;;
esac

unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY
# -q first: no ~/.curlrc. --fail: a refused key gives no body and exit 22, answered below.
set -- -q --silent --fail --noproxy '*' --connect-timeout 5 --max-time 120 --header "@$key_file" \
    --header "X-Photo-Organizer-User: $user"
if [ -n "$csrf" ]; then
    set -- "$@" --header "X-CSRF-Token: $csrf"
fi
if [ "$method" = POST ]; then
    length=${CONTENT_LENGTH:-}
    case $length in
        '' | *[!0-9]*) respond "411 Length Required" "A request body needs its length." ;;
    esac
    [ "$length" -le "$max_body" ] || respond "413 Payload Too Large" "At most $max_body bytes."
    case ${CONTENT_TYPE:-} in
        application/json*) ;;
        *) respond "415 Unsupported Media Type" "Actions are JSON." ;;
    esac
    head -c "$length" | curl "$@" --header "Content-Type: application/json" --data-binary @- -X POST -- "$url"
    code=$?
else
    curl "$@" -- "$url" </dev/null
    code=$?
fi
case $code in
    0) ;;
    7) respond "503 Service Unavailable" "Photo Organizer is not running: start it in Package Center." ;;
    22) respond "502 Bad Gateway" "The service refused the request: restart Photo Organizer in Package Center." ;;
    28) respond "504 Gateway Timeout" "The service did not answer in time." ;;
    *) respond "502 Bad Gateway" "Could not reach the service (curl exit code $code)." ;;
esac
