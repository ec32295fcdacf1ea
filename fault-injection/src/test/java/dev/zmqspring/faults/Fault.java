package dev.zmqspring.faults;

/**
 * One injected fault as the nemesis ran it: its kind (partition, one-way, pause, kill, disk-full,
 * operator-restart), what it hit, and when it started and healed (epoch milliseconds).
 */
record Fault(String kind, String target, long start, long end) {

	boolean covers(long t, long grace) {
		return t >= this.start && t <= this.end + grace;
	}

	@Override
	public String toString() {
		return this.kind + " " + this.target + " at " + this.start + " for " + (this.end - this.start) + " ms";
	}

}
