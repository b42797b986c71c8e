package com.reachtown.dispatcher.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import com.reachtown.dispatcher.provider.MessageTemplate;
import com.reachtown.dispatcher.web.SendController.SendRequest;
import com.reachtown.dispatcher.web.SendController.TemplateRequest;

/**
 * Checks of a send request that span fields or parse a value, which bean validation
 * cannot express.
 */
final class SendRequests {

	private SendRequests() {
	}

	/**
	 * Returns the request's template after checking that it comes alone: without
	 * {@code message_body} and without {@code media_url}.
	 * @param request the request
	 * @return the template, or {@code null} when the request has none
	 * @throws InvalidFieldException if the fields do not fit together
	 */
	static MessageTemplate template(SendRequest request) {
		boolean hasBody = request.messageBody() != null && !request.messageBody().isBlank();
		TemplateRequest template = request.template();
		if (template == null) {
			if (!hasBody && request.mediaUrl() == null) {
				throw new InvalidFieldException(List.of("message_body", "template"),
						"are both missing; exactly one of them is required");
			}
			return null;
		}
		if (hasBody) {
			throw new InvalidFieldException(List.of("message_body", "template"),
					"are both set; exactly one of them is allowed");
		}
		if (request.mediaUrl() != null) {
			throw new InvalidFieldException("media_url",
					"cannot be combined with template; a template's media is part of the template");
		}
		return toTemplate(template);
	}

	private static MessageTemplate toTemplate(TemplateRequest template) {
		boolean hasSid = template.contentSid() != null;
		boolean hasName = template.name() != null && !template.name().isBlank();
		if (hasSid == hasName) {
			throw new InvalidFieldException(List.of("template.content_sid", "template.name"),
					"are both " + (hasSid ? "set" : "missing") + "; exactly one of them is required");
		}
		return new MessageTemplate(template.contentSid(), hasName ? template.name().strip() : null,
				template.variables());
	}

	/**
	 * Parses {@code media_url}, which must be an absolute http or https URL with a host.
	 * @param request the request
	 * @return the URL, or {@code null} when the request has none
	 * @throws InvalidFieldException if the value is not such a URL
	 */
	static URI mediaUrl(SendRequest request) {
		if (request.mediaUrl() == null) {
			return null;
		}
		URI url;
		try {
			url = new URI(request.mediaUrl().strip());
		}
		catch (URISyntaxException ex) {
			throw new InvalidFieldException("media_url", "is not a valid URL: " + ex.getReason());
		}
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new InvalidFieldException("media_url", "must be an http or https URL");
		}
		if (url.getHost() == null) {
			throw new InvalidFieldException("media_url", "must name a host");
		}
		return url;
	}

}
