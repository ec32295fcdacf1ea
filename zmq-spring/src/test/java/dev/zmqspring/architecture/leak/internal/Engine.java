package dev.zmqspring.architecture.leak.internal;

/** An engine type of the leak fixture: what {@code PublicApiRules} must keep out of public signatures. */
public class Engine {

}
