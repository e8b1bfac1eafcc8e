# bash completion for logsgd
#
# Options come from `logsgd COMMAND --help`, keys from `logsgd keys --csv`
# and preset names from `logsgd presets`, so the completion follows the
# program it completes.

_logsgd_keys ()
{
  logsgd keys --csv 2>/dev/null | tail -n +2 | cut -d, -f1
}

_logsgd ()
{
  local cur prev cmd words cword
  _init_completion -n = || return

  local commands="run estimate export sweep merge keys presets preset"
  if [[ $cword -eq 1 ]]; then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  cmd=${words[1]}

  case $prev in
    -s|--set)
      compopt -o nospace
      COMPREPLY=($(compgen -W "$(_logsgd_keys | sed 's/$/=/')" -- "$cur"))
      return ;;
    -V|--vary)
      compopt -o nospace
      COMPREPLY=($(compgen -W "$(_logsgd_keys | sed 's/$/=/') derived.lambda=" -- "$cur"))
      return ;;
    -f|--figure)
      COMPREPLY=($(compgen -W "weights loss cells sheet map" -- "$cur"))
      return ;;
    --format)
      COMPREPLY=($(compgen -W "pdf svg png" -- "$cur"))
      return ;;
    --size)
      COMPREPLY=($(compgen -W "ieee-single ieee-double" -- "$cur"))
      return ;;
    -o|--output|--out)
      if [[ $cmd == run ]]; then
        _filedir -d
      else
        _filedir
      fi
      return ;;
  esac

  if [[ $cur == -* ]]; then
    local opts
    opts=$(logsgd "$cmd" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    [[ ${COMPREPLY-} == *= ]] && compopt -o nospace
    return
  fi

  case $cmd in
    preset)
      COMPREPLY=($(compgen -W "$(logsgd presets 2>/dev/null | sed -n 's/^  \([a-z0-9-]*\) .*/\1/p')" -- "$cur"))
      ;;
    merge)
      _filedir csv ;;
    run|estimate|export|sweep)
      _filedir ini ;;
  esac
}
complete -F _logsgd logsgd
