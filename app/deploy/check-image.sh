#!/usr/bin/env bash
# Builds Vigie's image without a container engine or registry, and runs it as far as a machine
# without one can: Jib writes the OCI tarball from a base image saved as a tarball, and the image's
# own entry point then runs in its unpacked filesystem under chroot (root needed, to chroot and
# mount /proc), as the image's user with the image's environment: --version and config keys.
#
# Where no base image can be pulled, the base is made here: a JRE jlinked from this machine's JDK
# and the C libraries it links, in a one-layer image tarball. Anywhere else, use a real base:
#   mvn -Pimage -DskipTests package -pl app -am                      # eclipse-temurin:17-jre
#   mvn -Pimage -DskipTests package -pl app -am -Dvigie.image.base=tar:///path/saved-base.tar
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${WORK:-$here/app/target/image-check}"
rm -rf "$work" && mkdir -p "$work/base/rootfs"

# 1. A base image tarball: jlinked JRE + its shared libraries, docker-archive format.
jlink --add-modules java.se,jdk.httpserver,jdk.unsupported,jdk.management,jdk.crypto.ec,jdk.zipfs,jdk.net,jdk.naming.dns \
  --strip-debug --no-header-files --no-man-pages --output "$work/base/rootfs/opt/java"
for lib in $(find "$work/base/rootfs/opt/java" -name '*.so' -o -path '*/bin/java' | xargs ldd 2>/dev/null \
    | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' | grep -v "^$work" | sort -u); do
  mkdir -p "$work/base/rootfs$(dirname "$lib")" && cp -L "$lib" "$work/base/rootfs$lib"
done
mkdir -p "$work/base/rootfs/tmp" && chmod 1777 "$work/base/rootfs/tmp"
tar -C "$work/base/rootfs" -cf "$work/base/layer.tar" .
diff_id="sha256:$(sha256sum "$work/base/layer.tar" | cut -d' ' -f1)"
cat > "$work/base/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]}}
JSON
echo '[{"Config":"config.json","RepoTags":["vigie-base:local"],"Layers":["layer.tar"]}]' > "$work/base/manifest.json"
tar -C "$work/base" -cf "$work/base.tar" manifest.json config.json layer.tar

# 2. Vigie's image from it, by Jib.
(cd "$here" && mvn -q -B -Pimage -DskipTests -Dspotless.skip=true -pl app -am package \
  -Dvigie.image.base="tar://$work/base.tar")
image="$here/app/target/vigie-image.tar"
echo "image: $image ($(du -h "$image" | cut -f1))"

# 3. Unpack its layers in order and run its entry point there.
mkdir -p "$work/image" "$work/rootfs"
tar -C "$work/image" -xf "$image"
python3 - "$work/image" "$work/rootfs" > "$work/entrypoint" <<'PY'
import json, os, sys, tarfile
image, rootfs = sys.argv[1], sys.argv[2]
index = json.load(open(os.path.join(image, "index.json")))
def blob(digest):
    return os.path.join(image, "blobs", *digest.split(":"))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))
for layer in manifest["layers"]:
    with tarfile.open(blob(layer["digest"])) as t:
        t.extractall(rootfs)
c = config["config"]
print(json.dumps({"entrypoint": c["Entrypoint"], "cmd": c.get("Cmd", []), "env": c.get("Env", []),
                  "user": c.get("User"), "workdir": c.get("WorkingDir"), "ports": sorted(c.get("ExposedPorts", {}))}))
PY
cat "$work/entrypoint"
mapfile -t entry < <(python3 -c 'import json,sys; [print(a) for a in json.load(open(sys.argv[1]))["entrypoint"]]' "$work/entrypoint")
mapfile -t env < <(python3 -c 'import json,sys; [print(a) for a in json.load(open(sys.argv[1]))["env"]]' "$work/entrypoint")
# The image has no shell and no env: the variables are set here, chroot looks "java" up on the
# image's PATH, as a container runtime would, as the image's user. The JRE finds its libraries
# relative to itself ($ORIGIN), which needs /proc, as a runtime mounts it.
mkdir -p "$work/rootfs/proc" && mount -t proc proc "$work/rootfs/proc"
trap 'umount "$work/rootfs/proc"' EXIT
run() { env -i "${env[@]}" HOME=/var/lib/vigie /usr/sbin/chroot --userspec=999:999 "$work/rootfs" "${entry[@]}" "$@"; }
run --version
run config keys | head -3
echo "image check passed"
