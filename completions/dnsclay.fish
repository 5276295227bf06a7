# fish completion for dnsclay. Install as ~/.config/fish/completions/dnsclay.fish.

function __dnsclay_zones
    dnsclay zone list 2>/dev/null | awk 'NR > 1 { print $1 }'
end

set -l types A AAAA CAA CNAME DNAME DNSKEY DS HTTPS MX NAPTR NS OPENPGPKEY PTR SMIMEA SOA SPF SRV SSHFP SVCB TLSA TXT URI
set -l top init serve tls-pin provider zone cred records history sync notify-test version

complete -c dnsclay -f
complete -c dnsclay -l state-dir -r -F -d 'State directory'
complete -c dnsclay -l config -r -F -d 'Path of config.toml'
complete -c dnsclay -l log-level -x -a 'trace debug info warn error' -d 'Log level'
complete -c dnsclay -l trace-http -d 'Print provider HTTP requests and answers, secrets redacted'
complete -c dnsclay -l json -d 'One JSON document on stdout'
complete -c dnsclay -l quiet -d 'Print only errors'

complete -c dnsclay -n "not __fish_seen_subcommand_from $top" -a init -d 'Create the state directory'
complete -c dnsclay -n "not __fish_seen_subcommand_from $top" -a serve -d 'Run the DNS gateway'
complete -c dnsclay -n "not __fish_seen_subcommand_from $top" -a tls-pin -d 'Print the pin of the DNS-over-TLS key'
complete -c dnsclay -n "not __fish_seen_subcommand_from $top" -a provider -d 'The DNS operators dnsclay can manage'
complete -c dnsclay -n "not __fish_seen_subcommand_from $top" -a zone -d 'Add, list, show, change and remove zones'
complete -c dnsclay -n "not __fish_seen_subcommand_from $top" -a cred -d 'TSIG keys and TLS client keys'
complete -c dnsclay -n "not __fish_seen_subcommand_from $top" -a records -d 'List, add, delete, export and edit records'
complete -c dnsclay -n "not __fish_seen_subcommand_from $top" -a history -d 'Every version of the rrsets'
complete -c dnsclay -n "not __fish_seen_subcommand_from $top" -a sync -d 'Synchronize zones with their providers'
complete -c dnsclay -n "not __fish_seen_subcommand_from $top" -a notify-test -d 'Send NOTIFY and report the answers'
complete -c dnsclay -n "not __fish_seen_subcommand_from $top" -a version -d 'Print versions'

# serve
complete -c dnsclay -n '__fish_seen_subcommand_from serve' -l dns -x -d 'UDP and TCP listen ADDR:PORT'
complete -c dnsclay -n '__fish_seen_subcommand_from serve' -l dns-tls -x -d 'DNS-over-TLS listen ADDR:PORT'
complete -c dnsclay -n '__fish_seen_subcommand_from serve' -l metrics -x -d 'Metrics listen ADDR:PORT'
complete -c dnsclay -n '__fish_seen_subcommand_from serve' -l trace -d 'Print requests and answers'

# provider
complete -c dnsclay -n '__fish_seen_subcommand_from provider; and not __fish_seen_subcommand_from list' -a list

# zone
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and not __fish_seen_subcommand_from add list show set remove notify' -a 'add list show set remove notify'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from show set remove' -a '(__dnsclay_zones)'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from add' -l provider -x -d 'Provider name'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from add' -l set -x -d 'Account field FIELD=VALUE'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from add set' -l sync-interval -x -d 'Time between full syncs'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from add set' -l refresh-interval -x -d 'Time between serial checks'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from add set' -l authoritative -x -d 'Server to ask for the SOA serial (ADDR:PORT)'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from add set' -l authoritative-key -x -d 'TSIG credential for those SOA queries'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from set' -l no-authoritative -d 'Check the provider serial again'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from add' -l no-initial-sync -d 'Do not fetch records now'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from add' -l soa-mname -x -d 'SOA primary server name'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from add' -l soa-rname -x -d 'SOA contact mailbox'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from add' -l negative-ttl -x -d 'SOA minimum'
complete -c dnsclay -n '__fish_seen_subcommand_from zone; and __fish_seen_subcommand_from remove' -s y -l yes -d 'Do not ask'
complete -c dnsclay -n '__fish_seen_subcommand_from notify; and not __fish_seen_subcommand_from add remove list' -a 'add remove list'
complete -c dnsclay -n '__fish_seen_subcommand_from notify; and __fish_seen_subcommand_from add remove list' -a '(__dnsclay_zones)'
complete -c dnsclay -n '__fish_seen_subcommand_from notify; and __fish_seen_subcommand_from add remove' -l udp -d 'Over UDP'
complete -c dnsclay -n '__fish_seen_subcommand_from notify; and __fish_seen_subcommand_from add remove' -l tcp -d 'Over TCP'
complete -c dnsclay -n '__fish_seen_subcommand_from notify; and __fish_seen_subcommand_from add' -l key -x -d 'Sign NOTIFYs with this TSIG credential'

# cred
complete -c dnsclay -n '__fish_seen_subcommand_from cred; and not __fish_seen_subcommand_from add list remove' -a 'add list remove'
complete -c dnsclay -n '__fish_seen_subcommand_from cred; and __fish_seen_subcommand_from add' -l zone -x -a '(__dnsclay_zones)' -d 'Zone to grant'
complete -c dnsclay -n '__fish_seen_subcommand_from cred; and __fish_seen_subcommand_from add' -l tsig -d 'A TSIG key'
complete -c dnsclay -n '__fish_seen_subcommand_from cred; and __fish_seen_subcommand_from add' -l algorithm -x -a 'hmac-md5 hmac-sha1 hmac-sha224 hmac-sha256 hmac-sha384 hmac-sha512'
complete -c dnsclay -n '__fish_seen_subcommand_from cred; and __fish_seen_subcommand_from add' -l secret -x -d 'TSIG secret in base64'
complete -c dnsclay -n '__fish_seen_subcommand_from cred; and __fish_seen_subcommand_from add' -l tls-pubkey -r -F -d 'PEM file or SPKI SHA-256 pin'
complete -c dnsclay -n '__fish_seen_subcommand_from cred; and __fish_seen_subcommand_from add' -l allow-name -x -d 'Name pattern'
complete -c dnsclay -n '__fish_seen_subcommand_from cred; and __fish_seen_subcommand_from add' -l allow-type -x -a "$types" -d 'Record type'
complete -c dnsclay -n '__fish_seen_subcommand_from cred; and __fish_seen_subcommand_from add' -l read-only -d 'Transfer only'

# records
complete -c dnsclay -n '__fish_seen_subcommand_from records; and not __fish_seen_subcommand_from list add delete export edit' -a 'list add delete export edit'
complete -c dnsclay -n '__fish_seen_subcommand_from records; and __fish_seen_subcommand_from list add delete export edit' -a '(__dnsclay_zones)'
complete -c dnsclay -n '__fish_seen_subcommand_from records history; and __fish_seen_subcommand_from list history' -l name -x -d 'Only this name'
complete -c dnsclay -n '__fish_seen_subcommand_from records history; and __fish_seen_subcommand_from list history' -l type -x -a "$types" -d 'Only this type'
complete -c dnsclay -n '__fish_seen_subcommand_from records; and __fish_seen_subcommand_from edit' -l file -r -F -d 'Zone file, - for stdin'
complete -c dnsclay -n '__fish_seen_subcommand_from records; and __fish_seen_subcommand_from edit' -l dry-run -d 'Only show the plan'
complete -c dnsclay -n '__fish_seen_subcommand_from records; and __fish_seen_subcommand_from edit' -s y -l yes -d 'Apply without asking'

# history, sync, notify-test
complete -c dnsclay -n '__fish_seen_subcommand_from history sync notify-test' -a '(__dnsclay_zones)'
complete -c dnsclay -n '__fish_seen_subcommand_from history' -l since -x -d 'Since TIME'
complete -c dnsclay -n '__fish_seen_subcommand_from sync' -l all -d 'Every zone'
complete -c dnsclay -n '__fish_seen_subcommand_from sync' -l dry-run -d 'Only show what would change'
complete -c dnsclay -n '__fish_seen_subcommand_from sync' -l notify-wait -x -d 'How long to wait for NOTIFY answers'
complete -c dnsclay -n '__fish_seen_subcommand_from notify-test' -l udp -d 'Over UDP'
complete -c dnsclay -n '__fish_seen_subcommand_from notify-test' -l tcp -d 'Over TCP'
complete -c dnsclay -n '__fish_seen_subcommand_from notify-test' -l key -x -d 'TSIG credential, or ALG:NAME:BASE64SECRET'
complete -c dnsclay -n '__fish_seen_subcommand_from notify-test' -l timeout -x -d 'How long to wait for each answer'
