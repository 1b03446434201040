#!/usr/bin/env bash
# DTaaS federation demo: three nodes, each a real silo in its own network namespace, wired to a private bridge that
# lives in a namespace of its own. Nothing in the host's (root) namespace is changed: every link and address is made
# inside the demo's namespaces, and everything is removed on exit, Ctrl+C included.
#
#   sudo demo/federation.sh          (root: creating network namespaces needs CAP_SYS_ADMIN/CAP_NET_ADMIN)
#
# Keep the logs: DTAAS_DEMO_KEEP_LOGS=1 copies them to ./federation-demo-logs before cleaning up.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODES=3
API_PORT=7443
GATEWAY_PORT=8080
GATEWAY_TLS_PORT=8443
CLIENT_PORT=30000
SILO_DLL="$REPO/src/Silo/bin/Release/net10.0/dtaas-silo.dll"

bold() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
note() { printf '   %s\n' "$*"; }
# Prints a command the way a user would type it, then runs it.
run() { printf '\033[36m$ %s\033[0m\n' "$*"; "$@"; }

if [[ $(id -u) -ne 0 ]]; then
    echo "run as root: sudo $0" >&2
    exit 1
fi
for tool in ip dotnet kubectl; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is not on PATH (sudo may reset PATH: try sudo env PATH=\"\$PATH\" $0)" >&2
        exit 1
    fi
done

ID="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
OCTET=$((16#${ID:0:2}))
BRIDGE_NS="dtb-$ID"
WORK="$(mktemp -d /tmp/dtaas-demo-XXXXXX)"
CREATED_NS=()
SILO_PIDS=()
POD_FILES=()

node_ns() { echo "dtn-$ID-$1"; }
node_addr() { echo "10.77.$OCTET.$((10 + $1))"; }
kubeconfig() { echo "$WORK/node$1/data/kubeconfig"; }
# kubectl must run inside the node's namespace: the node's API listens on that namespace's own loopback.
kubectl_on() {
    local node=$1
    shift
    run ip netns exec "$(node_ns "$node")" env HOME="$WORK/node$node/home" kubectl --kubeconfig "$(kubeconfig "$node")" "$@"
}
kubectl_quiet() {
    local node=$1
    shift
    ip netns exec "$(node_ns "$node")" env HOME="$WORK/node$node/home" kubectl --kubeconfig "$(kubeconfig "$node")" "$@"
}
# The response to GET $4 with Host $5 from inside namespace $1 to $2:$3, with bash alone (no curl needed).
http_get() {
    ip netns exec "$1" timeout 5 bash -c \
        'exec 3<>"/dev/tcp/$0/$1" && printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$3" >&3 && tr -d "\r" <&3' \
        "$2" "$3" "$4" "$5" 2>/dev/null || true
}
# First line of an HTTP response, fetched from inside namespace $1 with bash alone (no curl needed).
http_status() {
    ip netns exec "$1" timeout 3 bash -c \
        'exec 3<>"/dev/tcp/$0/$1" && printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$0" >&3 && head -n1 <&3 | tr -d "\r"' \
        "$2" "$3" "$4" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    printf '\n== cleaning up\n'
    for pid in "${SILO_PIDS[@]}"; do
        kill -9 "$pid" 2>/dev/null || true
    done
    # A pod's namespace lives while a mount holds it: its file in the node's pod directory, and the silo's attachment.
    for file in "${POD_FILES[@]}"; do
        umount "$file" 2>/dev/null || true
        rm -f "$file"
        ip netns delete "dtpod-$(printf '%s' "$file" | sha256sum | cut -c1-10)" 2>/dev/null || true
        rmdir "$(dirname "$file")" 2>/dev/null || true
    done
    # Nodes before the bridge; anything still running inside a namespace would keep it alive, so it goes first.
    for ((i = ${#CREATED_NS[@]} - 1; i >= 0; i--)); do
        local ns="${CREATED_NS[$i]}"
        # wireguard-go killed with -9 leaves its UAPI socket in the host-wide /var/run/wireguard.
        local devices
        devices="$(ip -n "$ns" -o link show 2>/dev/null | sed -n 's/^[0-9]*: \(dt[0-9a-f]*\)[:@].*/\1/p')"
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            kill -9 "$pid" 2>/dev/null || true
        done
        ip netns delete "$ns" 2>/dev/null || true
        for device in $devices; do
            rm -f "/var/run/wireguard/$device.sock"
        done
    done
    for pid in "${SILO_PIDS[@]}"; do
        for ((try = 0; try < 50; try++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    done
    if [[ ${DTAAS_DEMO_KEEP_LOGS:-} == 1 ]]; then
        mkdir -p federation-demo-logs && cp "$WORK"/node*.log federation-demo-logs/ 2>/dev/null || true
        echo "   logs kept in ./federation-demo-logs"
    fi
    rm -rf "$WORK"
    echo "   removed namespaces ${CREATED_NS[*]:-(none)} and $WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Each node's pods are bound in a directory of its own inside /var/run/netns (a shared mount, so the binds reach
# silos already running under ip netns exec); the silo finds pod NAME at --pod-netns-dir/NAME.
pod_dir() { echo "/var/run/netns/dtpods-$ID-$1"; }
add_pod() {
    local node=$1 pod=$2 ns="dtp-$ID-$2"
    create_ns "$ns"
    mkdir -p "$(pod_dir "$node")"
    touch "$(pod_dir "$node")/$pod"
    POD_FILES+=("$(pod_dir "$node")/$pod")
    run mount --bind "/var/run/netns/$ns" "$(pod_dir "$node")/$pod"
}

create_ns() {
    CREATED_NS+=("$1") # recorded first, so a half-made namespace is still removed
    ip netns add "$1"
    ip -n "$1" link set lo up
}

bold "Building the silo (if needed)"
if [[ ! -f $SILO_DLL ]]; then
    run dotnet build "$REPO/src/Silo" -c Release -v quiet -nologo
else
    note "using $SILO_DLL (rebuild with: dotnet build src/Silo -c Release)"
fi
SILO_OPTIONS="$(dotnet "$SILO_DLL" --help)"

bold "Network: bridge namespace $BRIDGE_NS, node namespaces $(node_ns 0) .. $(node_ns $((NODES - 1))), 10.77.$OCTET.0/24"
create_ns "$BRIDGE_NS"
run ip -n "$BRIDGE_NS" link add br0 type bridge
run ip -n "$BRIDGE_NS" link set br0 up
for ((i = 0; i < NODES; i++)); do
    ns="$(node_ns "$i")"
    create_ns "$ns"
    # The bridge end goes straight into the bridge's namespace: no link ever appears in the host's namespace.
    run ip -n "$ns" link add eth0 type veth peer name "p$i" netns "$BRIDGE_NS"
    run ip -n "$BRIDGE_NS" link set "p$i" master br0 up
    run ip -n "$ns" addr add "$(node_addr "$i")/24" dev eth0
    run ip -n "$ns" link set eth0 up
done

bold "Starting a silo in each node namespace (logs in $WORK)"
for ((i = 0; i < NODES; i++)); do
    mkdir -p "$WORK/node$i/home"
    args=(--data-dir "$WORK/node$i/data" --node-name "node$i.example.org"
        --api-listen "127.0.0.1:$API_PORT" --gateway-listen "0.0.0.0:$GATEWAY_PORT" --client-listen "127.0.0.1:$CLIENT_PORT"
        --pod-netns-dir "$(pod_dir "$i")")
    # Peers will reach a node's gateway at its bridge address; passed once the silo has the option.
    if grep -q -- '--public-address' <<<"$SILO_OPTIONS"; then
        args+=(--public-address "$(node_addr "$i"):$GATEWAY_PORT")
    fi
    printf '\033[36m$ ip netns exec %s dotnet %s %s > %s 2>&1 &\033[0m\n' "$(node_ns "$i")" "$SILO_DLL" "${args[*]}" "$WORK/node$i.log"
    ip netns exec "$(node_ns "$i")" dotnet "$SILO_DLL" "${args[@]}" >"$WORK/node$i.log" 2>&1 &
    SILO_PIDS+=($!)
    disown # killed on purpose at the end; no "Killed" job report
done
for ((i = 0; i < NODES; i++)); do
    for ((try = 0; ; try++)); do
        if [[ $(http_status "$(node_ns "$i")" 127.0.0.1 "$GATEWAY_PORT" /healthz) == *" 200"* && -f $(kubeconfig "$i") ]]; then
            note "node$i ready: $(grep -m1 -o 'DTaaS node .*' "$WORK/node$i.log" || echo "see $WORK/node$i.log")"
            break
        fi
        if ! kill -0 "${SILO_PIDS[$i]}" 2>/dev/null || ((try > 600)); then
            echo "node$i did not become ready; its log:" >&2
            cat "$WORK/node$i.log" >&2
            exit 1
        fi
        sleep 0.1
    done
done

bold "The nodes reach each other over the bridge (node1 -> node0's gateway), and only there"
note "from $(node_ns 1): GET http://$(node_addr 0):$GATEWAY_PORT/healthz -> $(http_status "$(node_ns 1)" "$(node_addr 0)" "$GATEWAY_PORT" /healthz)"
note "node0's Kubernetes API listens on its own loopback; from node1, $(node_addr 0):$API_PORT answers: $(http_status "$(node_ns 1)" "$(node_addr 0)" "$API_PORT" / | grep . || echo 'nothing (refused)')"

bold "On node0: create a domain"
kubectl_on 0 apply -f "$REPO/k8s/examples/dtdomain.yaml"
for ((try = 0; try < 100; try++)); do
    [[ $(kubectl_quiet 0 get dtdomain mydomain -o 'jsonpath={.status}') == Ready ]] && break
    sleep 0.1
done
kubectl_on 0 get dtdomains
kubectl_on 0 describe dtdomains
TOKEN="$(kubectl_quiet 0 get dtdomain mydomain -o 'jsonpath={.inviteToken}')"
note "node0's invite token: ${TOKEN:0:32}..."

bold "On node1 and node2: join node0's domain with its token"
for node in 1 2; do
    cat >"$WORK/node$node/join.yaml" <<EOF
apiVersion: sid.sightlineinnovation.com/v1
kind: dtDomain
metadata:
  name: mydomain
spec:
  peer:
    address: $(node_addr 0):$GATEWAY_PORT
    inviteToken: $TOKEN
EOF
    run cat "$WORK/node$node/join.yaml"
    kubectl_on "$node" apply -f "$WORK/node$node/join.yaml"
done
for node in 1 2; do
    for ((try = 0; try < 150; try++)); do
        [[ $(kubectl_quiet "$node" get dtdomain mydomain -o 'jsonpath={.status}') =~ ^(Ready|Failed)$ ]] && break
        sleep 0.1
    done
    kubectl_on "$node" get dtdomain mydomain
done
kubectl_on 1 describe dtdomain mydomain

bold "Peers: every node lists the other two, connected over the WireGuard overlay"
for node in 0 1 2; do
    for ((try = 0; try < 150; try++)); do
        [[ $(kubectl_quiet "$node" get dtpeers -o 'jsonpath={.items[*].connected}') == "true true" ]] && break
        sleep 0.1
    done
    kubectl_on "$node" get dtpeers -o wide
done
kubectl_on 2 describe dtpeers
run ip netns exec "$(node_ns 2)" ip -brief address

bold "On node0: a Service at 10.1.2.3:12345, reachable only inside node0, published to the domain as a dtApp"
run ip -n "$(node_ns 0)" address add 10.1.2.3/32 dev lo
mkdir -p "$WORK/site" && echo "hello from example-service on node0" >"$WORK/site/index.html"
if command -v python3 >/dev/null; then
    ip netns exec "$(node_ns 0)" python3 -m http.server 12345 --bind 10.1.2.3 --directory "$WORK/site" >"$WORK/service.log" 2>&1 &
    disown
else
    note "python3 not found: nothing serves 10.1.2.3:12345, so the gateways will answer 502"
fi
kubectl_on 0 apply -f "$REPO/k8s/examples/example-service.yaml" -f "$REPO/k8s/examples/dtapp.yaml"
for ((try = 0; try < 100; try++)); do
    APP_ID="$(kubectl_quiet 0 get dtapp mydtapp -o 'jsonpath={.URI}' | sed -n 's|^https\{0,1\}://\([0-9a-f]*\)\..*|\1|p')"
    [[ -n $APP_ID ]] && kubectl_quiet 2 get dtapp "$APP_ID" >/dev/null 2>&1 && break
    sleep 0.1
done
kubectl_on 0 get dtapps
kubectl_on 1 get dtapps -L sid.sightlineinnovation.com/origin-node
kubectl_on 1 describe dtapp "$APP_ID"
for node in 1 2; do
    bold "From node$node's namespace, through node$node's own gateway: GET / with Host $APP_ID.node$node.example.org"
    http_get "$(node_ns "$node")" "$(node_addr "$node")" "$GATEWAY_PORT" / "$APP_ID.node$node.example.org" | sed 's/^/    /'
done
note "an unknown host: $(http_get "$(node_ns 1)" "$(node_addr 1)" "$GATEWAY_PORT" / "0123456789abcdef0123456789abcdef.node1.example.org" | head -n1)"

bold "dtService: pod my-pod on node0 creates network myservice and serves it; service-pod on node1 joins it"
add_pod 0 my-pod
add_pod 1 service-pod
wait_status() { # node service status
    for ((try = 0; try < 300; try++)); do
        [[ $(kubectl_quiet "$1" get dtservice "$2" -o 'jsonpath={.status}') == "$3" ]] && return
        sleep 0.1
    done
}
kubectl_on 0 apply -f "$REPO/k8s/examples/dtservice.yaml"
wait_status 0 myservice Connected
kubectl_on 1 apply -f "$REPO/k8s/examples/dtservice-join.yaml"
wait_status 1 myservice Connected
for ((try = 0; try < 300; try++)); do # node0's interface learns the client from the registry's push
    [[ $(kubectl_quiet 0 get dtservice myservice -o 'jsonpath={.peers}') == *100.96.0.2* ]] && break
    sleep 0.1
done
kubectl_on 1 describe dtservices
kubectl_on 0 get dtservice myservice -o 'jsonpath={.peers}' && echo
run ip -n "dtp-$ID-service-pod" -brief address
bold "From service-pod (node1) to my-pod's network address, through WireGuard"
run ip netns exec "dtp-$ID-service-pod" ping -c 4 -W 3 100.96.0.1

bold "Users and a trust: carol@node2 shares alice@node0's Model with bob@node1"
if command -v curl >/dev/null && command -v python3 >/dev/null; then
    # The /v1 API on a node's HTTPS gateway, from inside its namespace, trusting the node's self-signed certificate
    # (the plain port sends passwords and tokens there): api NODE METHOD PATH [JSON] [TOKEN].
    api() {
        local args=(-s -X "$2" --cacert "$WORK/node$1/data/gateway-tls.crt" --resolve "node$1.example.org:$GATEWAY_TLS_PORT:$(node_addr "$1")"
            "https://node$1.example.org:$GATEWAY_TLS_PORT$3")
        [[ -n ${4:-} ]] && args+=(-H 'Content-Type: application/json' -d "$4")
        [[ -n ${5:-} ]] && args+=(-H "Authorization: Bearer $5")
        printf '\033[36m$ curl -X %s %s%s\033[0m\n' "$2" "node$1:$3" "${4:+ -d '$4'}" >&2
        ip netns exec "$(node_ns "$1")" curl "${args[@]}"
    }
    json() { python3 -c 'import json,sys; print(json.load(sys.stdin)'"$1"')'; }
    USERS=(alice bob carol)
    for node in 0 1 2; do
        user=${USERS[$node]}
        cat >"$WORK/node$node/user.yaml" <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: $user-password
stringData:
  password: $user-demo-password
---
apiVersion: sid.sightlineinnovation.com/v1
kind: dtUser
metadata:
  name: $user
spec:
  passwordSecretRef:
    name: $user-password
    key: password
EOF
        kubectl_on "$node" apply -f "$WORK/node$node/user.yaml"
    done
    for ((try = 0; try < 100; try++)); do
        [[ $(kubectl_quiet 1 get dtusers -o name | wc -l) -ge 3 ]] && break
        sleep 0.1
    done
    note "every node holds a read-only replica of the others' users:"
    kubectl_on 1 get dtusers
    login() { api "$1" POST /v1/login "{\"username\":\"$2\",\"password\":\"$2-demo-password\"}" | json '["access_token"]'; }
    A=$(login 0 alice) B=$(login 1 bob) C=$(login 2 carol)
    MODEL=$(api 0 POST /v1/models '{"name":"churn","serviceSelector":{"name":"example-service"}}' "$A" | json '["id"]')
    api 0 POST "/v1/objects/$MODEL/grants" '{"principal":"carol@node2.example.org","capabilities":["DISCOVER","READ","REQUEST","MANAGE"]}' "$A" >/dev/null
    note "bob's models on node1 before the trust: $(api 1 GET /v1/models "" "$B")"
    TRUST=$(api 2 POST /v1/trusts '{"name":"churn-sharing"}' "$C" | json '["id"]')
    api 2 POST "/v1/trusts/$TRUST/members" '{"principal":"bob@node1.example.org","role":"member"}' "$C" >/dev/null
    api 2 POST "/v1/trusts/$TRUST/objects" "{\"id\":\"$MODEL\",\"node\":\"node0.example.org\",\"capabilities\":[\"DISCOVER\",\"READ\",\"REQUEST\"]}" "$C" && echo
    note "bob's models on node1 with the trust: $(api 1 GET /v1/models "" "$B")"
    note "bob's trusts, listed on node1 (the trust lives on node2): $(api 1 GET /v1/trusts "" "$B")"
    bold "bob sends a request to the Model through node1's gateway (REQUEST, decided at node0)"
    run ip netns exec "$(node_ns 1)" curl -s -H "Authorization: Bearer $B" -H "Host: $MODEL.node0.example.org" "http://$(node_addr 1):$GATEWAY_PORT/"
    api 2 DELETE "/v1/trusts/$TRUST/members/bob@node1.example.org" "" "$C" >/dev/null
    note "bob's models after carol removed him from the trust: $(api 1 GET /v1/models "" "$B")"
    note "and his request now: $(ip netns exec "$(node_ns 1)" curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $B" -H "Host: $MODEL.node0.example.org" "http://$(node_addr 1):$GATEWAY_PORT/")"
else
    note "curl and python3 are needed for the /v1 API part: skipped"
fi

bold "On node1: deleting a dtPeer is only for the creator, so it comes back and says why"
PEER_ON_1="$(kubectl_quiet 1 get dtpeers -o 'jsonpath={.items[0].metadata.name}')"
kubectl_on 1 delete dtpeer "$PEER_ON_1" --wait=false
sleep 1
kubectl_on 1 get dtpeer "$PEER_ON_1" -o 'custom-columns=NAME:.metadata.name,CONNECTED:.connected,MESSAGE:.message'

bold "On node0 (the creator): delete node2's dtPeer to remove node2 from the domain"
NODE2_ID="$(kubectl_quiet 1 get dtpeers -o 'jsonpath={.items[?(@.name=="node2.example.org")].id}')"
kubectl_on 0 delete dtpeer "$NODE2_ID"
for ((try = 0; try < 100; try++)); do
    [[ $(kubectl_quiet 2 get dtdomain mydomain -o 'jsonpath={.status}') == Removed ]] && break
    sleep 0.1
done
kubectl_on 2 get dtdomain mydomain -o 'custom-columns=NAME:.metadata.name,STATUS:.status,MESSAGE:.message'
kubectl_on 1 get dtpeers
for ((try = 0; try < 100; try++)); do
    kubectl_quiet 2 get dtapp "$APP_ID" >/dev/null 2>&1 || break
    sleep 0.1
done
note "node2 left the domain, so it no longer has node0's app:"
kubectl_on 2 get dtapps

bold "Done"
