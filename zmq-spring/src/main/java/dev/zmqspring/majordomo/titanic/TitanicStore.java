package dev.zmqspring.majordomo.titanic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The disk store of Titanic (Guide ch.4 "Disconnected Reliability (Titanic Pattern)", spec 9/TSP):
 * one file per request ({@code <uuid>.request}: the service frame and the body frames) and one per
 * reply ({@code <uuid>.reply}), as the Guide's Titanic keeps them.
 *
 * <p>Durability: every file is written to a temporary name, forced to disk ({@link FileChannel#force}),
 * atomically renamed into place and the directory forced too, so a file either exists complete or
 * not at all, and a request acknowledged to the client survives a crash or restart. A write that
 * fails (a full disk) deletes its temporary file; those a crash leaves are deleted at start
 * ({@link #removeTemporaryFiles}). Requests nobody closes are removed when they expire. File format:
 * the ASCII magic {@code TSP1}, a 4-byte frame count, then per frame a 4-byte length and the bytes
 * (big-endian).
 *
 * <p>Used by the Titanic actor's thread only; not thread-safe. Ids are 32 lower-case hex digits;
 * anything else is treated as unknown, so a client-supplied id can never name a path outside the
 * directory.
 */
public final class TitanicStore {

	private static final Log logger = LogFactory.getLog(TitanicStore.class);

	private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

	private static final byte[] MAGIC = { 'T', 'S', 'P', '1' };

	private static final String REQUEST = ".request";

	private static final String REPLY = ".reply";

	private static final String TEMPORARY = ".tmp";

	private final Path directory;

	/**
	 * Opens (and creates) the store directory.
	 * @param directory where the files live
	 */
	public TitanicStore(Path directory) {
		this.directory = directory;
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create Titanic directory " + directory.toAbsolutePath(), ex);
		}
	}

	/** The directory. */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Whether a text is a well-formed request id.
	 * @param id the text
	 * @return whether it is 32 lower-case hex digits
	 */
	public static boolean isId(String id) {
		return id != null && ID.matcher(id).matches();
	}

	/**
	 * Stores a new request durably.
	 * @param frames the service frame followed by the body frames
	 * @return the new request id
	 */
	public String storeRequest(List<byte[]> frames) {
		String id = UUID.randomUUID().toString().replace("-", "");
		write(this.directory.resolve(id + REQUEST), frames);
		return id;
	}

	/**
	 * Stores the reply of a request durably.
	 * @param id the request id
	 * @param frames the reply body frames
	 */
	public void storeReply(String id, List<byte[]> frames) {
		write(this.directory.resolve(id + REPLY), frames);
	}

	/**
	 * Reads a request.
	 * @param id the request id
	 * @return the service frame and the body frames, or {@code null} if unknown
	 */
	public List<byte[]> readRequest(String id) {
		return isId(id) ? read(this.directory.resolve(id + REQUEST)) : null;
	}

	/**
	 * Reads a reply.
	 * @param id the request id
	 * @return the reply frames, or {@code null} if there is none (yet)
	 */
	public List<byte[]> readReply(String id) {
		return isId(id) ? read(this.directory.resolve(id + REPLY)) : null;
	}

	/**
	 * Whether a request is known (stored and not closed).
	 * @param id the request id
	 * @return whether its request file exists
	 */
	public boolean hasRequest(String id) {
		return isId(id) && Files.exists(this.directory.resolve(id + REQUEST));
	}

	/**
	 * Whether a reply is stored.
	 * @param id the request id
	 * @return whether its reply file exists
	 */
	public boolean hasReply(String id) {
		return isId(id) && Files.exists(this.directory.resolve(id + REPLY));
	}

	/**
	 * Forgets a request and its reply (titanic.close). The request goes first: a crash between the two
	 * deletions leaves a reply without a request, which is never dispatched again and expires, instead
	 * of a request without a reply, which a restart would run again.
	 * @param id the request id
	 */
	public void close(String id) {
		if (!isId(id)) {
			return;
		}
		try {
			Files.deleteIfExists(this.directory.resolve(id + REQUEST));
			Files.deleteIfExists(this.directory.resolve(id + REPLY));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete Titanic request " + id, ex);
		}
	}

	/**
	 * Deletes the temporary files a crash left behind ({@code *.tmp}: a write that never reached its
	 * rename, so nothing was acknowledged for it). Only at start, before anything is written.
	 * @return how many were deleted
	 */
	public int removeTemporaryFiles() {
		int removed = 0;
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directory, "*" + TEMPORARY)) {
			for (Path path : stream) {
				if (Files.isRegularFile(path) && Files.deleteIfExists(path)) {
					removed++;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot remove temporary files from Titanic directory " + this.directory, ex);
		}
		return removed;
	}

	/**
	 * Opens a pass over the store's files, for a sweep that walks it a few entries at a time (see
	 * {@link TitanicExpiry}); the caller closes it.
	 * @return the directory's entries
	 */
	DirectoryStream<Path> files() {
		try {
			return Files.newDirectoryStream(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list Titanic directory " + this.directory, ex);
		}
	}

	/**
	 * Whether a file of the store has expired: a request stored at or before a time, answered or not,
	 * or a reply left without its request (a close interrupted by a crash) written at or before it.
	 * A request's time is its file's modification time: when it was stored, since a file is written
	 * once and never changed, and it survives a restart.
	 * @param file an entry of {@link #files()}
	 * @param storedBefore the cut-off in milliseconds since the epoch
	 * @return the id to {@link #expire}, or {@code null}
	 */
	String expiredId(Path file, long storedBefore) {
		String name = file.getFileName().toString();
		String suffix = name.endsWith(REQUEST) ? REQUEST : name.endsWith(REPLY) ? REPLY : null;
		if (suffix == null) {
			return null;
		}
		String id = name.substring(0, name.length() - suffix.length());
		// a reply goes with its request, on its own only when it has none
		boolean expired = isId(id) && modified(file) <= storedBefore && (suffix.equals(REQUEST) || !hasRequest(id));
		return expired ? id : null;
	}

	/**
	 * Removes an expired request and its reply, as a close does. A file that cannot be deleted now is
	 * logged and left for a later sweep.
	 * @param id an id from {@link #expiredId}
	 * @return whether a request was removed (not only a reply left without one)
	 */
	boolean expire(String id) {
		boolean request = hasRequest(id);
		try {
			close(id);
			return request;
		}
		catch (UncheckedIOException ex) {
			logger.warn("Titanic could not remove expired request " + id + "; it tries again later", ex);
			return false;
		}
	}

	/**
	 * The requests that have no reply yet, oldest first (what to dispatch after a restart). Each
	 * file's time is read once: a restart with a million stored requests reads a million times, not
	 * one per comparison of the sort.
	 * @return their ids
	 */
	public List<String> pending() {
		List<Stored> requests = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directory, "*" + REQUEST)) {
			for (Path path : stream) {
				String name = path.getFileName().toString();
				String id = name.substring(0, name.length() - REQUEST.length());
				if (isId(id) && !Files.exists(this.directory.resolve(id + REPLY))) {
					requests.add(new Stored(id, modified(path)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list Titanic directory " + this.directory, ex);
		}
		requests.sort(Comparator.comparingLong(Stored::modified));
		List<String> ids = new ArrayList<>(requests.size());
		for (Stored stored : requests) {
			ids.add(stored.id());
		}
		return ids;
	}

	/** A pending request and when it was stored. */
	private record Stored(String id, long modified) {
	}

	private static long modified(Path path) {
		try {
			return Files.getLastModifiedTime(path).toMillis();
		}
		catch (IOException ex) {
			return Long.MAX_VALUE;
		}
	}

	private void write(Path target, List<byte[]> frames) {
		int size = MAGIC.length + 4;
		for (byte[] frame : frames) {
			size += 4 + frame.length;
		}
		ByteBuffer buffer = ByteBuffer.allocate(size);
		buffer.put(MAGIC).putInt(frames.size());
		for (byte[] frame : frames) {
			buffer.putInt(frame.length).put(frame);
		}
		buffer.flip();
		Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY);
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
			forceDirectory();
		}
		catch (IOException | RuntimeException ex) {
			// a full disk fails after the temporary file was created: never leave it behind
			try {
				Files.deleteIfExists(temporary);
			}
			catch (IOException | RuntimeException cleanup) {
				ex.addSuppressed(cleanup);
			}
			if (ex instanceof IOException io) {
				throw new UncheckedIOException("Cannot store Titanic file " + target, io);
			}
			throw (RuntimeException) ex;
		}
	}

	private void forceDirectory() {
		try (FileChannel dir = FileChannel.open(this.directory, StandardOpenOption.READ)) {
			dir.force(true);
		}
		catch (IOException ex) {
			// some platforms (Windows) cannot open a directory; the rename is still atomic there
		}
	}

	private static List<byte[]> read(Path path) {
		byte[] data;
		try {
			data = Files.readAllBytes(path);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read Titanic file " + path, ex);
		}
		ByteBuffer buffer = ByteBuffer.wrap(data);
		if (data.length < 8 || buffer.get() != MAGIC[0] || buffer.get() != MAGIC[1] || buffer.get() != MAGIC[2]
				|| buffer.get() != MAGIC[3]) {
			throw new IllegalStateException("Corrupt Titanic file " + path);
		}
		int count = buffer.getInt();
		List<byte[]> frames = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			byte[] frame = new byte[buffer.getInt()];
			buffer.get(frame);
			frames.add(frame);
		}
		return frames;
	}

}
