package com.reachtown.dispatcher.forward;

import com.reachtown.dispatcher.store.MessageRecord;
import com.reachtown.dispatcher.store.MessageRepository;
import com.reachtown.dispatcher.store.OutboxEvent;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Adds the dispatcher's {@code message_id} and reach-town's {@code external_id} to a
 * status event that was stored before its send recorded the provider id, as happens when
 * a provider's callback overtakes its own send response.
 */
@Component
class StatusEnrichment {

	private final MessageRepository messages;

	private final JsonMapper jsonMapper;

	StatusEnrichment(MessageRepository messages, JsonMapper jsonMapper) {
		this.messages = messages;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Returns the event's payload, with our ids added when it is a status event without
	 * them and the send is now recorded.
	 * @param event the outbox event
	 * @return the JSON body to forward
	 */
	String payloadOf(OutboxEvent event) {
		if (!"status".equals(event.kind())) {
			return event.payload();
		}
		ObjectNode body = (ObjectNode) this.jsonMapper.readTree(event.payload());
		if (body.has("message_id")) {
			return event.payload();
		}
		return this.messages.findByProviderMessageId(event.provider(), event.providerMessageId())
			.map((sent) -> withIds(body, sent))
			.orElse(event.payload());
	}

	private String withIds(ObjectNode body, MessageRecord sent) {
		body.put("message_id", sent.id());
		if (sent.externalId() != null) {
			body.put("external_id", sent.externalId());
		}
		return this.jsonMapper.writeValueAsString(body);
	}

}
