/**
 * Persistence: the runtime loads and saves node state through {@link io.pekonode.engine.persistence.StateStore};
 * {@link io.pekonode.engine.persistence.FileStateStore} keeps it in a data directory.
 *
 * <h2>Data directory</h2>
 * <ul>
 *   <li>{@code node-id}: the node id as UTF-8 text and a newline. Written once (atomically) and then
 *       only read; a configured id that differs from it fails node creation.</li>
 *   <li>{@code state.bin}: the state, replaced atomically (temp file {@code state.bin.*.tmp}, fsync,
 *       rename, fsync of the directory). Temp files found at load are left-overs of an interrupted
 *       save and are deleted; the previous {@code state.bin} is still whole.</li>
 *   <li>{@code state.bin.corrupt-<yyyyMMddTHHmmss.SSSZ>}: a state file that failed its checks, set
 *       aside at load and reported at WARN ({@code .unsupported-} when written by a newer format,
 *       {@code .foreign-} when it names another node id). Never deleted by PekoNode.</li>
 * </ul>
 *
 * <h2>{@code state.bin} layout (all integers big-endian)</h2>
 * <pre>
 * envelope (fixed for every version, so any version can recognise and check any file)
 *   offset 0   u32  magic 0x504B4E53 ("PKNS")
 *   offset 4   u16  format version (this code writes 1, reads 1)
 *   offset 6   u32  body length N
 *   offset 10  N    body
 *   offset 10+N u32 CRC32C of bytes [0, 10+N)
 *   the file is exactly 14+N bytes; anything else is truncation or damage
 *
 * body, version 1   (string = u32 byte length + UTF-8 bytes)
 *   string  node id
 *   i64     incarnation of the local node when saved (a restart uses this + 1)
 *   u32     member count, then per member:
 *             string id, string name, string host, i32 port,
 *             u32 tag count, then per tag: string key, string value
 *             u8  state (0 ALIVE, 1 SUSPECT, 2 DEAD, 3 LEFT), i64 incarnation
 *   u32     metadata entry count, then per entry:
 *             string key,
 *             u8  kind (0 tombstone, 1 value), for a value: u32 length + bytes
 *             i64 HLC physical millis, i32 HLC logical, string HLC node id
 *   no bytes may follow the last entry
 * </pre>
 *
 * <p>Compatibility: a later version keeps the envelope and the version-1 reader, so it reads files
 * written by this one. A file whose version is higher than the reader's passes the checksum check
 * and is then reported and set aside as {@code .unsupported-}, not overwritten silently.
 *
 * <p>Owns the files and their format; it is a port the runtime calls off the event loop, and knows
 * nothing of the protocol beyond the member and metadata records it stores.
 */
package io.pekonode.engine.persistence;
