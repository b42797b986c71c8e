package com.reachtown.dispatcher.web;

import java.net.URI;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.reachtown.dispatcher.phone.InvalidPhoneNumberException;
import com.reachtown.dispatcher.phone.PhoneNumbers;
import com.reachtown.dispatcher.provider.MessageTemplate;
import com.reachtown.dispatcher.send.SendCommand;
import com.reachtown.dispatcher.send.SendOutcome;
import com.reachtown.dispatcher.send.SendResponse;
import com.reachtown.dispatcher.send.SendService;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/messages/send}: reach-town's request to send one WhatsApp message.
 */
@RestController
class SendController {

	static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private final SendService sendService;

	SendController(SendService sendService) {
		this.sendService = sendService;
	}

	@PostMapping(path = "/v1/messages/send", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<SendResponse> send(@Valid @RequestBody SendRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY_HEADER, required = false) String idempotencyKey) {
		if (idempotencyKey != null && idempotencyKey.length() > 255) {
			throw new InvalidFieldException(IDEMPOTENCY_KEY_HEADER, "must be at most 255 characters long");
		}
		String recipient = normalizeRecipient(request.recipientPhone());
		MessageTemplate template = SendRequests.template(request);
		URI mediaUrl = SendRequests.mediaUrl(request);
		SendOutcome outcome = this.sendService.send(new SendCommand(recipient, blankToNull(request.messageBody()),
				request.externalId(), request.provider(), blankToNull(idempotencyKey), template, mediaUrl));

		ResponseEntity.BodyBuilder response = ResponseEntity.status(outcome.httpStatus());
		if (outcome.replayed()) {
			response.header(REPLAYED_HEADER, "true");
		}
		return response.body(outcome.response());
	}

	private static String normalizeRecipient(String recipientPhone) {
		try {
			return PhoneNumbers.toE164(recipientPhone);
		}
		catch (InvalidPhoneNumberException ex) {
			throw new InvalidFieldException("recipient_phone", ex.reason());
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * The send request, in snake case on the wire. Exactly one of {@code message_body}
	 * and {@code template} is required, except that a {@code media_url} may come alone.
	 *
	 * @param recipientPhone the recipient, with its country code
	 * @param messageBody the text to send, or the media's caption
	 * @param externalId reach-town's id of the message, which also makes the send
	 * idempotent
	 * @param provider the provider to send through, or {@code null} for the default
	 * @param template the template to send instead of a text, or {@code null}
	 * @param mediaUrl the http or https URL of a media file to send, or {@code null}
	 */
	record SendRequest(@NotBlank @Size(max = 32) String recipientPhone, @Size(max = 4096) String messageBody,
			@Size(max = 255) String externalId,
			@Pattern(regexp = "[a-z0-9_-]{1,32}",
					message = "must be a provider name such as mock or twilio") String provider,
			@Valid TemplateRequest template, @Size(max = 2048) String mediaUrl) {
	}

	/**
	 * A template to send: Twilio's content SID or the template's name, and the values of
	 * its placeholders.
	 *
	 * @param contentSid Twilio's content SID, {@code HX…}
	 * @param name the template's name
	 * @param variables placeholder values by placeholder key, such as {@code "1"}
	 */
	record TemplateRequest(
			@Pattern(regexp = "HX[0-9a-fA-F]{32}",
					message = "must be a Twilio content SID: HX and 32 hex digits") String contentSid,
			@Size(max = 512) String name, @Size(max = 100) Map<String, @Size(max = 1024) String> variables) {
	}

}
