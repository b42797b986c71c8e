package com.reachtown.dispatcher.send;

import java.util.Map;

/**
 * The body of a successful send, serialized in snake case.
 *
 * @param status {@code queued} once the provider accepted the message; {@code unknown}
 * when the provider did not respond to a request it may have received; after a status
 * callback settled an unknown send, the status that callback reported
 * @param messageId the dispatcher's id of the message
 * @param provider the provider name
 * @param providerDetails the provider's id and other fields, such as {@code twilio_sid},
 * or {@code null} while the provider's id is unknown
 */
public record SendResponse(String status, String messageId, String provider, Map<String, String> providerDetails) {

	/** The status of a send whose outcome the provider has not reported yet. */
	public static final String UNKNOWN = "unknown";

}
