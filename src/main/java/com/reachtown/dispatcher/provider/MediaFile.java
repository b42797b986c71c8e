package com.reachtown.dispatcher.provider;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * A media file to send by URL, described by the extension of the URL's path. The file is
 * never fetched at send time, so a URL without a known extension is sent as a document
 * with no MIME type.
 *
 * @param url the file's URL
 * @param type {@code image}, {@code video}, {@code audio} or {@code document}
 * @param mimeType the MIME type guessed from the extension, or {@code null}
 * @param fileName the last segment of the URL's path, or {@code null} when the path is
 * empty
 */
public record MediaFile(URI url, String type, String mimeType, String fileName) {

	private static final Map<String, String> MIME_TYPES = Map.ofEntries(Map.entry("jpg", "image/jpeg"),
			Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"), Map.entry("webp", "image/webp"),
			Map.entry("gif", "image/gif"), Map.entry("mp4", "video/mp4"), Map.entry("3gp", "video/3gpp"),
			Map.entry("mov", "video/quicktime"), Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"),
			Map.entry("opus", "audio/ogg"), Map.entry("aac", "audio/aac"), Map.entry("m4a", "audio/mp4"),
			Map.entry("amr", "audio/amr"), Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"),
			Map.entry("csv", "text/csv"), Map.entry("doc", "application/msword"),
			Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
			Map.entry("xls", "application/vnd.ms-excel"),
			Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
			Map.entry("ppt", "application/vnd.ms-powerpoint"),
			Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"));

	/**
	 * Describes the file at a URL by the extension of its path.
	 * @param url an http or https URL
	 * @return the description
	 */
	public static MediaFile of(URI url) {
		String fileName = fileName(url);
		String mimeType = (fileName != null) ? MIME_TYPES.get(extension(fileName)) : null;
		return new MediaFile(url, type(mimeType), mimeType, fileName);
	}

	private static String fileName(URI url) {
		String path = url.getPath();
		if (path == null || path.isEmpty() || path.endsWith("/")) {
			return null;
		}
		return path.substring(path.lastIndexOf('/') + 1);
	}

	private static String extension(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return (dot < 0) ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
	}

	private static String type(String mimeType) {
		if (mimeType == null) {
			return "document";
		}
		for (String type : new String[] { "image", "video", "audio" }) {
			if (mimeType.startsWith(type + "/")) {
				return type;
			}
		}
		return "document";
	}

}
