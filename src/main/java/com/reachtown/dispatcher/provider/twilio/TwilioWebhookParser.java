package com.reachtown.dispatcher.provider.twilio;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.reachtown.dispatcher.phone.InvalidPhoneNumberException;
import com.reachtown.dispatcher.phone.PhoneNumbers;
import com.reachtown.dispatcher.phone.WhatsAppIds;
import com.reachtown.dispatcher.provider.InboundMessage;
import com.reachtown.dispatcher.provider.InboundMessage.Media;
import com.reachtown.dispatcher.provider.InvalidWebhookException;
import com.reachtown.dispatcher.provider.MessageStatus;
import com.reachtown.dispatcher.provider.ProviderEvent;
import com.reachtown.dispatcher.provider.StatusUpdate;

/**
 * Turns the form parameters of Twilio's WhatsApp webhooks (an incoming message or a
 * status callback) into normalized events. Parameters it does not name are ignored.
 * Twilio sends no usable event time, so events carry the time they were parsed.
 */
class TwilioWebhookParser {

	static final String MESSAGE_SID = "MessageSid";

	static final String SMS_MESSAGE_SID = "SmsMessageSid";

	static final String ACCOUNT_SID = "AccountSid";

	static final String MESSAGE_STATUS = "MessageStatus";

	static final String ERROR_CODE = "ErrorCode";

	static final String ERROR_MESSAGE = "ErrorMessage";

	static final String FROM = "From";

	static final String TO = "To";

	static final String BODY = "Body";

	static final String PROFILE_NAME = "ProfileName";

	static final String WA_ID = "WaId";

	static final String NUM_MEDIA = "NumMedia";

	static final String MEDIA_URL = "MediaUrl";

	static final String MEDIA_CONTENT_TYPE = "MediaContentType";

	static final String BUTTON_TEXT = "ButtonText";

	static final String BUTTON_PAYLOAD = "ButtonPayload";

	static final String LATITUDE = "Latitude";

	static final String LONGITUDE = "Longitude";

	static final String ORIGINAL_REPLIED_MESSAGE_SID = "OriginalRepliedMessageSid";

	private static final Map<String, MessageStatus> STATUSES = Map.of("accepted", MessageStatus.QUEUED, "scheduled",
			MessageStatus.QUEUED, "queued", MessageStatus.QUEUED, "sending", MessageStatus.SENDING, "sent",
			MessageStatus.SENT, "delivered", MessageStatus.DELIVERED, "undelivered", MessageStatus.UNDELIVERED,
			"failed", MessageStatus.FAILED, "canceled", MessageStatus.FAILED, "read", MessageStatus.READ);

	private final Clock clock;

	TwilioWebhookParser(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Tells whether the parameters are a status callback rather than an incoming message.
	 * Twilio also reports {@code receiving} and {@code received} on the status path, and
	 * those are incoming messages.
	 * @param parameters the form parameters
	 * @return {@code true} for a status callback of a sent message
	 */
	static boolean isStatusCallback(Map<String, String> parameters) {
		String status = value(parameters, MESSAGE_STATUS);
		return status != null && !status.equalsIgnoreCase("receiving") && !status.equalsIgnoreCase("received");
	}

	/**
	 * Parses an incoming message or a status callback.
	 * @param parameters the form body's parameters
	 * @return the event
	 * @throws InvalidWebhookException if a required parameter is missing or invalid
	 */
	ProviderEvent parse(Map<String, String> parameters) {
		return isStatusCallback(parameters) ? parseStatus(parameters) : parseInbound(parameters);
	}

	private StatusUpdate parseStatus(Map<String, String> parameters) {
		String providerStatus = value(parameters, MESSAGE_STATUS).toLowerCase(Locale.ROOT);
		MessageStatus status = STATUSES.get(providerStatus);
		if (status == null) {
			throw new InvalidWebhookException("Twilio status callback has an unknown MessageStatus: " + providerStatus);
		}

		return new StatusUpdate(TwilioProvider.NAME, messageSid(parameters), status, providerStatus,
				value(parameters, ERROR_CODE), value(parameters, ERROR_MESSAGE), this.clock.instant());
	}

	private InboundMessage parseInbound(Map<String, String> parameters) {
		String from = required(parameters, FROM);
		String waId = value(parameters, WA_ID);
		List<Media> media = media(parameters);
		String messageType = messageType(parameters, media);

		return new InboundMessage(TwilioProvider.NAME, messageSid(parameters), fromPhone(from, waId),
				(waId != null) ? waId : digitsOf(from), toPhone(value(parameters, TO)), value(parameters, PROFILE_NAME),
				text(parameters, messageType), messageType, media, value(parameters, ORIGINAL_REPLIED_MESSAGE_SID),
				this.clock.instant());
	}

	private static String messageSid(Map<String, String> parameters) {
		String sid = value(parameters, MESSAGE_SID);
		return (sid != null) ? sid : required(parameters, SMS_MESSAGE_SID);
	}

	/**
	 * Returns the sender in E.164. {@code WaId} is preferred over {@code From} because it
	 * is the WhatsApp id itself; both may lack a Brazilian mobile's ninth digit.
	 */
	private static String fromPhone(String from, String waId) {
		try {
			return (waId != null) ? PhoneNumbers.toE164(waId) : WhatsAppIds.toE164(from);
		}
		catch (InvalidPhoneNumberException ex) {
			throw new InvalidWebhookException("Twilio webhook has an invalid sender: " + ex.getMessage(), ex);
		}
	}

	private static String toPhone(String to) {
		if (to == null) {
			return null;
		}
		try {
			return WhatsAppIds.toE164(to);
		}
		catch (InvalidPhoneNumberException ex) {
			throw new InvalidWebhookException("Twilio webhook has an invalid To: " + ex.getMessage(), ex);
		}
	}

	private static String digitsOf(String from) {
		String user = WhatsAppIds.userPart(from);
		return user.startsWith("+") ? user.substring(1) : user;
	}

	private static List<Media> media(Map<String, String> parameters) {
		int count = mediaCount(parameters);
		List<Media> media = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			media.add(new Media(required(parameters, MEDIA_URL + i), value(parameters, MEDIA_CONTENT_TYPE + i)));
		}
		return media;
	}

	private static int mediaCount(Map<String, String> parameters) {
		String numMedia = value(parameters, NUM_MEDIA);
		try {
			int count = (numMedia != null) ? Integer.parseInt(numMedia) : 0;
			if (count < 0 || count > 10) {
				throw new InvalidWebhookException("Twilio webhook has NumMedia out of range 0 to 10: " + numMedia);
			}
			return count;
		}
		catch (NumberFormatException ex) {
			throw new InvalidWebhookException("Twilio webhook has a NumMedia that is not a number: " + numMedia, ex);
		}
	}

	private static String messageType(Map<String, String> parameters, List<Media> media) {
		if (value(parameters, BUTTON_TEXT) != null || value(parameters, BUTTON_PAYLOAD) != null) {
			return "button";
		}
		if (value(parameters, LATITUDE) != null && value(parameters, LONGITUDE) != null) {
			return "location";
		}
		if (media.isEmpty()) {
			return "text";
		}
		return mediaType(media.get(0).contentType());
	}

	private static String mediaType(String contentType) {
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		if (type.startsWith("image/")) {
			return "image";
		}
		if (type.startsWith("audio/")) {
			return "audio";
		}
		if (type.startsWith("video/")) {
			return "video";
		}
		return "document";
	}

	/**
	 * Returns the message text: the button's label for a button reply, the coordinates as
	 * {@code latitude,longitude} for a location without a body, else the body.
	 */
	private static String text(Map<String, String> parameters, String messageType) {
		String body = parameters.getOrDefault(BODY, "");
		if (messageType.equals("button") && value(parameters, BUTTON_TEXT) != null) {
			return value(parameters, BUTTON_TEXT);
		}
		if (messageType.equals("location") && body.isEmpty()) {
			return value(parameters, LATITUDE) + "," + value(parameters, LONGITUDE);
		}
		return body;
	}

	private static String required(Map<String, String> parameters, String name) {
		String value = value(parameters, name);
		if (value == null) {
			throw new InvalidWebhookException("Twilio webhook is missing " + name);
		}
		return value;
	}

	/** Returns a parameter's value, or {@code null} when it is absent or empty. */
	private static String value(Map<String, String> parameters, String name) {
		String value = parameters.get(name);
		return (value == null || value.isEmpty()) ? null : value;
	}

}
