// The listening socket: bind, accept one connection at a time, and shed
// connections when the process is out of descriptors (a listener that stays
// readable would make epoll report it forever).
#pragma once
#include <cstdint>
#include <string>

namespace http {

class Listener {
 public:
  enum class Outcome {
    accepted,  // `fd` (non-blocking, TCP_NODELAY) and `ip` are set
    empty,     // nothing pending
    shed,      // a connection was accepted and closed at the descriptor limit; try again
    pause,     // accepting fails for now (ENOMEM, no spare descriptor): stop watching briefly
  };

  Listener() = default;
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  bool open(const std::string& host, uint16_t port, std::string& error);
  void close();  // stop accepting: the kernel refuses whatever was still pending
  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  uint16_t port() const { return port_; }

  Outcome accept(int& fd, std::string& ip);

 private:
  Outcome shed_at_fd_limit();

  int fd_ = -1;
  int spare_fd_ = -1;  // reserved descriptor, spent to shed a connection at EMFILE
  uint16_t port_ = 0;
};

}  // namespace http
