/**
 * Clone (Guide ch.5 "Reliable Pub-Sub (Clone Pattern)", spec 12/CLONE): a key-value map kept by a
 * central server, optionally a Binary Star pair, and replicated into every client. The wire
 * format is the Guide's kvmsg ({@link dev.zmqspring.clone.KvMsg}); the server is
 * {@link dev.zmqspring.clone.CloneServer}, the client map {@link dev.zmqspring.clone.ZmqCloneMap}.
 */
@NullMarked
package dev.zmqspring.clone;

import org.jspecify.annotations.NullMarked;
