package com.reachtown.dispatcher.send;

import java.util.Map;

/**
 * The body of a successful send, serialized in snake case.
 *
 * @param status {@code queued} once the provider accepted the message
 * @param messageId the dispatcher's id of the message
 * @param provider the provider name
 * @param providerDetails the provider's id and other fields, such as {@code twilio_sid}
 */
public record SendResponse(String status, String messageId, String provider, Map<String, String> providerDetails) {
}
