package com.reachtown.dispatcher.forward;

/**
 * Kind of event forwarded to reach-town, with the reach-town path that receives it.
 */
public enum EventKind {

	/**
	 * An inbound message from a contact.
	 */
	INCOMING("/api/webhooks/messages/incoming"),

	/**
	 * A delivery status update of a message the dispatcher sent.
	 */
	STATUS("/api/webhooks/messages/status");

	private final String path;

	EventKind(String path) {
		this.path = path;
	}

	/**
	 * Returns the path of reach-town's endpoint for this kind, relative to its base URL.
	 * @return the path, starting with {@code /}
	 */
	public String path() {
		return this.path;
	}

}
