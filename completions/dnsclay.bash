# bash completion for dnsclay. Install as /usr/share/bash-completion/completions/dnsclay.

_dnsclay_zones() {
    # Zone names from the state directory the command line names, if any.
    local args=()
    [[ -n $_dnsclay_state_dir ]] && args=(--state-dir "$_dnsclay_state_dir")
    dnsclay "${args[@]}" zone list 2>/dev/null | awk 'NR > 1 { print $1 }'
}

_dnsclay() {
    local cur prev words cword
    _init_completion || return

    local global="--state-dir --config --log-level --trace-http --json --quiet --help"
    local types="A AAAA CAA CNAME DNAME DNSKEY DS HTTPS MX NAPTR NS OPENPGPKEY PTR SMIMEA SOA SPF SRV SSHFP SVCB TLSA TXT URI"
    _dnsclay_state_dir=""

    # The subcommand path (e.g. "zone notify add") and how many positionals follow it.
    local path="" npos=0 i w
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        case $w in
        --state-dir) _dnsclay_state_dir=${words[i + 1]}; ((i++)); continue ;;
        --config | --log-level | --provider | --set | --sync-interval | --refresh-interval | \
            --authoritative | --authoritative-key | --notify-wait | --soa-mname | --soa-rname | --negative-ttl | --zone | --algorithm | --secret | \
            --tls-pubkey | --allow-name | --allow-type | --name | --type | --since | --file | \
            --dns | --dns-tls | --metrics | --key | --timeout) ((i++)); continue ;;
        -*) continue ;;
        esac
        case "$path:$w" in
        :init | :serve | :tls-pin | :provider | :zone | :cred | :records | :history | :sync | :notify-test | :version | \
            "provider:list" | "zone:add" | "zone:list" | "zone:show" | "zone:set" | "zone:remove" | "zone:notify" | \
            "zone notify:add" | "zone notify:remove" | "zone notify:list" | \
            "cred:add" | "cred:list" | "cred:remove" | \
            "records:list" | "records:add" | "records:delete" | "records:export" | "records:edit")
            path="${path:+$path }$w" ;;
        *) ((npos++)) ;;
        esac
    done

    case $prev in
    --state-dir) _filedir -d; return ;;
    --config | --file | --tls-pubkey) _filedir; return ;;
    --log-level) COMPREPLY=($(compgen -W "trace debug info warn error" -- "$cur")); return ;;
    --provider) COMPREPLY=($(compgen -W "$(dnsclay provider list 2>/dev/null | awk 'NR > 1 { print $1 }')" -- "$cur")); return ;;
    --algorithm) COMPREPLY=($(compgen -W "hmac-md5 hmac-sha1 hmac-sha224 hmac-sha256 hmac-sha384 hmac-sha512" -- "$cur")); return ;;
    --type | --allow-type) COMPREPLY=($(compgen -W "$types" -- "$cur")); return ;;
    --zone) COMPREPLY=($(compgen -W "$(_dnsclay_zones)" -- "$cur")); return ;;
    --set | --sync-interval | --refresh-interval | --authoritative | --authoritative-key | \
        --notify-wait | --soa-mname | --soa-rname | --negative-ttl | --secret | --allow-name | --name | --since | --dns | --dns-tls | --metrics | --key | --timeout) return ;;
    esac

    local subs="" opts="" zone_at=-1
    case $path in
    "") subs="init serve tls-pin provider zone cred records history sync notify-test version" ;;
    provider) subs="list" ;;
    zone) subs="add list show set remove notify" ;;
    "zone notify") subs="add remove list" ;;
    cred) subs="add list remove" ;;
    records) subs="list add delete export edit" ;;
    "zone add") opts="--provider --set --sync-interval --refresh-interval --authoritative --authoritative-key --no-initial-sync --soa-mname --soa-rname --negative-ttl" ;;
    "zone set") zone_at=0; opts="--sync-interval --refresh-interval --authoritative --authoritative-key --no-authoritative" ;;
    "zone show" | "zone notify list" | "records export") zone_at=0 ;;
    "zone remove") zone_at=0; opts="--yes" ;;
    "zone notify add") zone_at=0; opts="--udp --tcp --key" ;;
    "zone notify remove") zone_at=0; opts="--udp --tcp" ;;
    "cred add") opts="--zone --tsig --algorithm --secret --tls-pubkey --allow-name --allow-type --read-only" ;;
    "records list") zone_at=0; opts="--name --type" ;;
    "records add" | "records delete") zone_at=0
        [[ $npos -eq 3 ]] && { COMPREPLY=($(compgen -W "$types" -- "$cur")); return; }
        [[ $npos -eq 2 && $path == "records delete" ]] && { COMPREPLY=($(compgen -W "$types" -- "$cur")); return; } ;;
    "records edit") zone_at=0; opts="--file --dry-run --yes" ;;
    history) zone_at=0; opts="--name --type --since" ;;
    sync) zone_at=any; opts="--all --dry-run --notify-wait" ;;
    notify-test) zone_at=0; opts="--udp --tcp --key --timeout" ;;
    serve) opts="--dns --dns-tls --metrics --trace" ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts $global" -- "$cur"))
    elif [[ -n $subs ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur"))
    elif [[ $zone_at == any || $zone_at == "$npos" ]]; then
        COMPREPLY=($(compgen -W "$(_dnsclay_zones)" -- "$cur"))
    fi
}
complete -F _dnsclay dnsclay
