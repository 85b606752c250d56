#include "listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace http {
namespace {

std::string peer_ip(const sockaddr_storage& addr) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(addr).sin_addr, buf, sizeof buf);
  } else if (addr.ss_family == AF_INET6) {
    const in6_addr& a6 = reinterpret_cast<const sockaddr_in6&>(addr).sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&a6))  // dual-stack listener: show clients as plain IPv4
      inet_ntop(AF_INET, &a6.s6_addr[12], buf, sizeof buf);
    else
      inet_ntop(AF_INET6, &a6, buf, sizeof buf);
  }
  return buf;
}

// Thousands of connections need thousands of descriptors; the soft limit is
// often 1024 while the hard limit is much higher.
void raise_fd_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

}  // namespace

Listener::~Listener() {
  close();
  if (spare_fd_ >= 0) ::close(spare_fd_);
}

bool Listener::open(const std::string& host, uint16_t port, std::string& error) {
  if (fd_ >= 0) {
    error = "already listening";
    return false;
  }
  raise_fd_limit();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const int gai = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
  if (gai != 0) {
    error = "cannot resolve " + host + ": " + gai_strerror(gai);
    return false;
  }
  int last_errno = 0;
  for (addrinfo* ai = found; ai != nullptr && fd_ < 0; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_errno = errno;
      continue;
    }
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) {
      fd_ = fd;
    } else {
      last_errno = errno;
      ::close(fd);
    }
  }
  freeaddrinfo(found);
  if (fd_ < 0) {
    error = "cannot listen on " + host + ":" + service + ": " + std::strerror(last_errno);
    return false;
  }
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(addr).sin6_port
                                           : reinterpret_cast<sockaddr_in&>(addr).sin_port);
  if (spare_fd_ < 0) spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  return true;
}

void Listener::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Listener::Outcome Listener::accept(int& fd, std::string& ip) {
  for (;;) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      try {
        ip = peer_ip(addr);
      } catch (...) {
        ::close(fd);
        fd = -1;
        return Outcome::pause;
      }
      return Outcome::accepted;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Outcome::empty;
    if (errno == EMFILE || errno == ENFILE) return shed_at_fd_limit();
    return Outcome::pause;  // ENOBUFS, ENOMEM...: retrying at once would not help
  }
}

// Out of descriptors, the pending connection keeps the listener readable.
// Spend the reserved descriptor to accept it and close it at once, so the
// client hears "no" promptly. accept4 reports EMFILE even with nothing
// pending, so "empty" once nothing was shed.
Listener::Outcome Listener::shed_at_fd_limit() {
  bool shed = false;
  if (spare_fd_ >= 0) {
    ::close(spare_fd_);
    const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) {
      ::close(fd);
      shed = true;
    }
    spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  }
  if (spare_fd_ < 0) return Outcome::pause;
  return shed ? Outcome::shed : Outcome::empty;
}

}  // namespace http
