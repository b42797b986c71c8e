package com.reachtown.dispatcher.web;

import com.reachtown.dispatcher.send.MessageDetails;
import com.reachtown.dispatcher.send.MessageDetailsService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/messages/{message_id}} and {@code GET /v1/messages?external_id=…}: a
 * sent message with its current status and status history.
 */
@RestController
class MessageController {

	private final MessageDetailsService messageDetails;

	MessageController(MessageDetailsService messageDetails) {
		this.messageDetails = messageDetails;
	}

	@GetMapping("/v1/messages/{message_id}")
	MessageDetails findById(@PathVariable("message_id") String messageId) {
		return this.messageDetails.findById(messageId);
	}

	@GetMapping("/v1/messages")
	MessageDetails findByExternalId(@RequestParam("external_id") String externalId) {
		if (externalId.isBlank()) {
			throw new InvalidFieldException("external_id", "must not be blank");
		}
		return this.messageDetails.findLatestByExternalId(externalId);
	}

}
