package dev.zmqspring.clone;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The optional persistence of a {@link CloneServer}'s map (Guide ch.5 leaves it open): an
 * append-only log {@code clone.log} in a directory, one record per sequenced update or delete,
 * written and flushed to the operating system before the update is published, so an update a
 * client has seen survives a restart of the server process. On load the log is replayed and
 * rewritten compacted (one record per live key plus the sequence). A torn last record (crash in the
 * middle of a write) is ignored. Used by the server's actor thread only.
 */
final class CloneStore {

	private static final String FILE = "clone.log";

	private final Path directory;

	private @Nullable DataOutputStream out;

	CloneStore(Path directory) {
		this.directory = directory;
	}

	/**
	 * Replays the log into the map and compacts it.
	 * @param map the (empty) map to fill
	 * @return the last sequence
	 */
	long load(Map<String, KvMsg> map) {
		Path file = this.directory.resolve(FILE);
		long sequence = 0;
		try {
			Files.createDirectories(this.directory);
			if (Files.exists(file)) {
				try (InputStream stream = new BufferedInputStream(Files.newInputStream(file))) {
					DataInputStream in = new DataInputStream(stream);
					KvMsg msg;
					while ((msg = read(in)) != null) {
						sequence = Math.max(sequence, msg.sequence());
						if (msg.key().isEmpty()) {
							continue;
						}
						if (msg.isDelete()) {
							map.remove(msg.key());
						}
						else {
							map.put(msg.key(), msg);
						}
					}
				}
			}
			rewrite(List.copyOf(map.values()), sequence);
			return sequence;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot load the Clone map from " + file, ex);
		}
	}

	/**
	 * Replaces the log by these entries (a fresh replica, or the compacted log).
	 * @param entries the live keys
	 * @param sequence the map's sequence
	 */
	void rewrite(Collection<KvMsg> entries, long sequence) {
		close();
		Path file = this.directory.resolve(FILE);
		Path temp = this.directory.resolve(FILE + ".tmp");
		try {
			try (DataOutputStream tmp = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
				write(tmp, new KvMsg("", sequence, new byte[0], Map.of(), new byte[0]));
				for (KvMsg entry : entries) {
					write(tmp, entry);
				}
			}
			Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			this.out = new DataOutputStream(new BufferedOutputStream(
					Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.CREATE)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the Clone map to " + file, ex);
		}
	}

	/**
	 * Appends one sequenced update or delete and flushes it.
	 * @param msg the message
	 */
	void append(KvMsg msg) {
		DataOutputStream stream = this.out;
		if (stream == null) {
			return;
		}
		try {
			write(stream, msg);
			stream.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot append to the Clone map in " + this.directory, ex);
		}
	}

	void close() {
		DataOutputStream stream = this.out;
		this.out = null;
		if (stream != null) {
			try {
				stream.close();
			}
			catch (IOException ex) {
				// closing: nothing left to save
			}
		}
	}

	private static void write(DataOutputStream out, KvMsg msg) throws IOException {
		byte[] key = msg.key().getBytes(StandardCharsets.UTF_8);
		byte[] properties = KvMsg.encodeProperties(msg.properties());
		out.writeInt(key.length);
		out.write(key);
		out.writeLong(msg.sequence());
		out.writeInt(msg.uuid().length);
		out.write(msg.uuid());
		out.writeInt(properties.length);
		out.write(properties);
		out.writeInt(msg.body().length);
		out.write(msg.body());
	}

	private static @Nullable KvMsg read(DataInputStream in) throws IOException {
		try {
			byte[] key = frame(in);
			long sequence = in.readLong();
			byte[] uuid = frame(in);
			Map<String, String> properties = KvMsg.decodeProperties(frame(in));
			byte[] body = frame(in);
			return new KvMsg(new String(key, StandardCharsets.UTF_8), sequence, uuid,
					(properties != null) ? properties : Map.of(), body);
		}
		catch (EOFException ex) {
			return null; // end of log, or a torn last record
		}
	}

	private static byte[] frame(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > 256 * 1024 * 1024) {
			throw new EOFException("corrupt record");
		}
		byte[] bytes = new byte[length];
		in.readFully(bytes);
		return bytes;
	}

}
