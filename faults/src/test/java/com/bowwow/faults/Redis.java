package com.bowwow.faults;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.bowwow.devstack.Infrastructure;

/**
 * One Redis command on the stack's Redis, for faults the services do not cause (a trim).
 */
final class Redis {

	private Redis() {
	}

	/** Sends the command and returns the first line of the reply (e.g. ":12"). */
	static String command(Infrastructure servers, String... arguments) {
		try (Socket socket = new Socket(servers.redisHost(), servers.redisPort())) {
			socket.setSoTimeout(10_000);
			StringBuilder request = new StringBuilder("*" + arguments.length + "\r\n");
			for (String argument : arguments) {
				request.append('$')
					.append(argument.getBytes(StandardCharsets.UTF_8).length)
					.append("\r\n")
					.append(argument)
					.append("\r\n");
			}
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
			InputStream in = new BufferedInputStream(socket.getInputStream());
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = in.read()) >= 0 && c != '\r') {
				line.append((char) c);
			}
			return line.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
