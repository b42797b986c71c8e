package com.reachtown.dispatcher.provider;

import java.util.Map;
import java.util.TreeMap;

/**
 * A pre-approved WhatsApp template and the values of its placeholders. Twilio identifies
 * a template by its content SID; other providers may identify it by name.
 *
 * @param contentSid Twilio's content SID ({@code HX…}), or {@code null}
 * @param name the template's name, or {@code null}
 * @param variables placeholder values by placeholder key ({@code "1"}), possibly empty
 */
public record MessageTemplate(String contentSid, String name, Map<String, String> variables) {

	public MessageTemplate {
		variables = (variables != null) ? Map.copyOf(variables) : Map.of();
	}

	/**
	 * Returns the variables sorted by key, so that equal templates serialize alike.
	 * @return a sorted copy of the variables
	 */
	public Map<String, String> sortedVariables() {
		return new TreeMap<>(this.variables);
	}

}
